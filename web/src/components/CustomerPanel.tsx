// The customer as the tenant's own system sent them: unmasked for owners and reviewers (each view
// is audited by the server), masked for analysts. Never the card number: BIN and last 4 only.
import { addressLine, type CustomerData } from '../api/review';
import { useI18n } from '../i18n/i18n';
import type { Key } from '../i18n/dictionary';
import { Card } from './ui';

const ROWS: [keyof CustomerData, Key][] = [
  ['name', 'customer.name'],
  ['name_kana', 'customer.nameKana'],
  ['email', 'customer.email'],
  ['phone', 'customer.phone'],
  ['billing_address', 'customer.billing'],
  ['shipping_address', 'customer.shipping'],
];

export function CustomerPanel({ customer, masked }: { customer: CustomerData | null | undefined; masked: boolean }) {
  const { t } = useI18n();
  return (
    <Card title={t('customer.title')} className="card-customer">
      {customer ? (
        <>
          <p className="card-hint">{masked || customer.masked ? t('customer.maskedHint') : t('customer.auditedHint')}</p>
          <dl className="summary" data-testid="customer">
            {ROWS.map(([field, label]) => {
              const raw = customer[field];
              const value = field.endsWith('_address') ? addressLine(raw as CustomerData['billing_address']) : typeof raw === 'string' ? raw : '';
              return (
                <div key={field} className="summary-row">
                  <dt>{t(label)}</dt>
                  <dd data-testid={`customer-${field}`}>{value || <span className="muted">—</span>}</dd>
                </div>
              );
            })}
          </dl>
        </>
      ) : (
        <p className="muted">{t('customer.none')}</p>
      )}
    </Card>
  );
}
