// Reference lists for the platform admin, next to the CLI importer (`sekisho import …`): vacant
// rooms and forwarders, Tor / proxy / VPN / data-centre networks, card BINs and IP countries, each
// uploaded as CSV with the upload's progress and the lines the server refused.
import { useRef, useState, type FormEvent } from 'react';
import { ApiError, toApiError } from '../../api/client';
import { loadSession } from '../../api/session';
import { Card, ErrorMessage, Field, Notice, Page } from '../../components/ui';
import type { Key } from '../../i18n/dictionary';
import { useI18n } from '../../i18n/i18n';
import { number } from '../../lib/format';

/** The lists the importer knows, with the CSV columns each expects. */
export const REFERENCE_LISTS: { id: string; label: Key; columns: string }[] = [
  { id: 'vacant_room', label: 'reference.vacantRoom', columns: 'country,postal_code,region,locality,line1,line2,label' },
  { id: 'forwarder', label: 'reference.forwarder', columns: 'country,postal_code,region,locality,line1,line2,label' },
  { id: 'tor', label: 'reference.tor', columns: 'range' },
  { id: 'proxy', label: 'reference.proxy', columns: 'range' },
  { id: 'vpn', label: 'reference.vpn', columns: 'range' },
  { id: 'datacenter', label: 'reference.datacenter', columns: 'range' },
  { id: 'card_bins', label: 'reference.cardBins', columns: 'bin,brand,issuer_country,card_type,issuer' },
  { id: 'ip_countries', label: 'reference.ipCountries', columns: 'start,end,country | range,country' },
];

/** Where a list is uploaded (CSV body). */
export const uploadPath = (list: string) => `/admin/v1/reference-lists/${encodeURIComponent(list)}`;

export interface ImportSummary {
  rows?: number;
  imported?: number;
  unchanged?: number;
  rejected?: number;
  errors?: { line: number; message: string }[];
}

/** Sends the file with XMLHttpRequest, whose upload reports progress (fetch's does not). */
function upload(list: string, file: File, source: string, onProgress: (ratio: number) => void): Promise<ImportSummary> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const query = source.trim() ? `?source=${encodeURIComponent(source.trim())}` : '';
    xhr.open('POST', uploadPath(list) + query);
    const session = loadSession();
    if (session) xhr.setRequestHeader('authorization', `Bearer ${session.token}`);
    xhr.setRequestHeader('content-type', 'text/csv');
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', 'upload failed'));
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve((body ?? {}) as ImportSummary);
      else reject(toApiError(xhr.status, body));
    };
    xhr.send(file);
  });
}

export function ReferenceLists() {
  const { t, lang } = useI18n();
  const [list, setList] = useState(REFERENCE_LISTS[0]!.id);
  const [source, setSource] = useState('');
  const [progress, setProgress] = useState<number>();
  const [summary, setSummary] = useState<ImportSummary>();
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const fileRef = useRef<HTMLInputElement>(null);
  const chosen = REFERENCE_LISTS.find((l) => l.id === list)!;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const file = fileRef.current?.files?.[0];
    if (!file) return;
    setBusy(true);
    setError(undefined);
    setSummary(undefined);
    setProgress(0);
    try {
      setSummary(await upload(list, file, source, setProgress));
      setProgress(1);
    } catch (cause) {
      setError(cause instanceof ApiError ? cause : new ApiError(0, 'network', String(cause)));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Page title={t('reference.title')} intro={t('reference.intro')}>
      <Card>
        <form className="form-inline" onSubmit={submit} data-testid="reference-form">
          <Field label={t('reference.list')}>
            <select value={list} onChange={(e) => setList(e.target.value)} name="list">
              {REFERENCE_LISTS.map((l) => (
                <option key={l.id} value={l.id}>
                  {t(l.label)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('reference.file')} hint={t('reference.columns', { columns: chosen.columns })}>
            <input type="file" accept=".csv,text/csv,text/plain" ref={fileRef} required name="file" />
          </Field>
          <Field label={t('reference.source')}>
            <input value={source} onChange={(e) => setSource(e.target.value)} placeholder={t('reference.sourceHint')} name="source" />
          </Field>
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="reference-upload">
            ⤒ {busy ? t('reference.uploading') : t('reference.upload')}
          </button>
        </form>
        {progress !== undefined && (
          <div className="upload-progress">
            <progress value={progress} max={1} aria-label={t('reference.progress')} data-testid="reference-progress" />
            <span className="muted">{busy && progress >= 1 ? t('reference.processing') : `${Math.round(progress * 100)}%`}</span>
          </div>
        )}
        <ErrorMessage error={error} />
        {summary && (
          <div data-testid="reference-summary">
            <Notice tone={summary.rejected ? 'warning' : 'success'}>
              {t('reference.done', {
                rows: number(lang, summary.rows ?? 0),
                imported: number(lang, summary.imported ?? 0),
                unchanged: number(lang, summary.unchanged ?? 0),
                rejected: number(lang, summary.rejected ?? 0),
              })}
            </Notice>
            {summary.errors && summary.errors.length > 0 && (
              <div className="upload-errors">
                <table className="table table-compact" data-testid="reference-errors">
                  <thead>
                    <tr>
                      <th className="num">{t('reference.line')}</th>
                      <th>{t('reference.problem')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {summary.errors.map((e) => (
                      <tr key={e.line}>
                        <td className="num">{e.line}</td>
                        <td>{e.message}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </div>
        )}
        <p className="card-hint">{t('reference.cli')}</p>
      </Card>
    </Page>
  );
}
