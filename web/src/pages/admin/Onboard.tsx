import { useState, type FormEvent } from 'react';
import { api, call, type Schemas } from '../../api/client';
import { Card, ErrorMessage, Field, Notice, Page, SecretOnce } from '../../components/ui';
import { useI18n } from '../../i18n/i18n';
import type { Key } from '../../i18n/dictionary';
import { useAction } from '../../lib/useResource';

const EMPTY = { name: '', ownerEmail: '', ownerPassword: '', keyName: 'checkout' };

/** Tenant, first owner, first API key: three calls, each shown as it happens. */
export function Onboard() {
  const { t } = useI18n();
  const [form, setForm] = useState(EMPTY);
  const [step, setStep] = useState<Key>();
  const [done, setDone] = useState<{ tenant: Schemas['TenantView']; key: Schemas['CreatedApiKey'] }>();
  const [partial, setPartial] = useState<Schemas['TenantView']>();
  const { busy, error, run } = useAction();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setDone(undefined);
    const result = await run(async () => {
      // A tenant created by an earlier attempt whose owner step failed is reused, not doubled.
      let tenant = partial;
      if (!tenant) {
        setStep('admin.onboard.step.tenant');
        tenant = await call(api.POST('/admin/v1/tenants', { body: { name: form.name.trim() } }));
        setPartial(tenant);
      }
      setStep('admin.onboard.step.owner');
      await call(
        api.POST('/admin/v1/tenants/{id}/users', {
          params: { path: { id: tenant.id } },
          body: { email: form.ownerEmail.trim(), password: form.ownerPassword, role: 'owner' },
        }),
      );
      setStep('admin.onboard.step.key');
      const key = await call(api.POST('/admin/v1/tenants/{id}/api-keys', { params: { path: { id: tenant.id } }, body: { name: form.keyName.trim() } }));
      return { tenant, key };
    });
    setStep(undefined);
    if (result) {
      setDone(result);
      setPartial(undefined);
      setForm(EMPTY);
    }
  }

  return (
    <Page title={t('admin.onboard.title')} intro={t('admin.onboard.intro')}>
      <Card>
        {done ? (
          <div data-testid="onboard-done">
            <Notice>{t('admin.onboard.done', { name: done.tenant.name })}</Notice>
            <SecretOnce label={t('admin.onboard.keyOnce')} value={done.key.key} testId="onboard-key" />
            <button type="button" className="btn" onClick={() => setDone(undefined)}>
              {t('admin.onboard.another')}
            </button>
          </div>
        ) : (
          <form className="form form-narrow" onSubmit={submit}>
            <Field label={t('admin.onboard.name')}>
              <input name="tenant-name" required maxLength={200} value={form.name} disabled={Boolean(partial)} onChange={(e) => setForm({ ...form, name: e.target.value })} placeholder="関所商店" />
            </Field>
            <Field label={t('admin.onboard.ownerEmail')}>
              <input name="owner-email" type="email" required value={form.ownerEmail} onChange={(e) => setForm({ ...form, ownerEmail: e.target.value })} autoComplete="off" />
            </Field>
            <Field label={t('admin.onboard.ownerPassword')}>
              <input
                name="owner-password"
                type="password"
                required
                minLength={10}
                value={form.ownerPassword}
                onChange={(e) => setForm({ ...form, ownerPassword: e.target.value })}
                autoComplete="new-password"
              />
            </Field>
            <Field label={t('admin.onboard.keyName')}>
              <input name="key-name" required value={form.keyName} onChange={(e) => setForm({ ...form, keyName: e.target.value })} />
            </Field>
            {step && (
              <div className="muted" role="status">
                <span className="spinner" aria-hidden="true" /> {t(step)}
              </div>
            )}
            <ErrorMessage error={error} />
            <button type="submit" className="btn btn-primary" disabled={busy} data-testid="onboard-submit">
              {t('admin.onboard.submit')}
            </button>
          </form>
        )}
      </Card>
    </Page>
  );
}
