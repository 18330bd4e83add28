// A reason code in words for a filter's choices: the message of one order's reason with that code.
import type { Schemas } from '../api/client';
import type { Lang } from '../i18n/dictionary';

export function reasonLabel(lang: Lang, orders: Schemas['OrderView'][], code: string): string {
  for (const o of orders) {
    const r = o.reasons.find((x) => x.code === code);
    if (r) {
      const text = lang === 'ja' ? r.message_ja : r.message;
      return text.length > 40 ? `${text.slice(0, 39)}…` : text;
    }
  }
  return code;
}
