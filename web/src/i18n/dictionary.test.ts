import { describe, expect, it } from 'vitest';
import { en, ja, translate } from './dictionary';
import { initialLang } from './i18n';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('dictionary', () => {
  it('has every text in both languages, none empty, with the same placeholders', () => {
    expect(Object.keys(ja).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(en[key].trim(), key).not.toBe('');
      expect(ja[key].trim(), key).not.toBe('');
      expect(placeholders(ja[key]), key).toEqual(placeholders(en[key]));
    }
  });

  it('really is Japanese in Japanese', () => {
    const japanese = /[\u3040-\u30ff\u4e00-\u9fff]/;
    const untranslated = (Object.keys(en) as (keyof typeof en)[]).filter((k) => en[k] === ja[k] && !/^[\s\p{P}\p{S}\d]*$/u.test(en[k]));
    // Only proper nouns and technical terms may stay as they are.
    expect(untranslated.filter((k) => !['nav.webhooks', 'webhooks.title'].includes(k))).toEqual([]);
    expect(japanese.test(ja['nav.reviews'])).toBe(true);
  });

  it('fills placeholders', () => {
    expect(translate('ja', 'reviews.waiting', { n: 3 })).toBe('3 件待ち');
    expect(translate('en', 'policy.saved', { version: 4 })).toBe('Saved as version 4.');
    expect(translate('en', 'policy.saved')).toBe('Saved as version {version}.');
  });

  it('starts in the stored language, else the browser one', () => {
    expect(initialLang('en', ['ja-JP'])).toBe('en');
    expect(initialLang(null, ['ja-JP', 'en'])).toBe('ja');
    expect(initialLang(null, ['en-US'])).toBe('en');
    expect(initialLang('fr', ['fr-FR'])).toBe('en');
  });
});
