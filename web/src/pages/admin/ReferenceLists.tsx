// Reference lists for the platform admin, next to the CLI importer (`sekisho import …`): vacant
// rooms and forwarders, Tor / proxy / VPN / data-centre networks, card BINs and IP countries, each
// uploaded as CSV with the upload's progress and the lines the server refused.
import { useRef, useState, type FormEvent } from 'react';
import { ApiError, api, call, type Schemas } from '../../api/client';
import { Card, ErrorMessage, Field, Notice, Page } from '../../components/ui';
import type { Key } from '../../i18n/dictionary';
import { useI18n } from '../../i18n/i18n';
import { number } from '../../lib/format';

type ListId = Schemas['ReferenceList'];
export type ImportSummary = Schemas['ImportSummary'];
type LineErrorCode = Schemas['LineErrorCode'];

/** The lists the importer knows, with the CSV columns each expects. */
export const REFERENCE_LISTS: { id: ListId; label: Key; columns: string }[] = [
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

/** The translation of a refused line's code (a newer server's unknown code is shown as it came). */
export const codeKey = (code: LineErrorCode) => `reference.code.${code}` as Key;

/**
 * A `fetch` for the generated client that sends over XMLHttpRequest, whose upload reports
 * progress (fetch's does not). The client has already added the path, query and session.
 */
export function fetchWithUploadProgress(onProgress: (ratio: number) => void) {
  return async (request: Request): Promise<Response> => {
    const body = await request.blob();
    return new Promise<Response>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open(request.method, request.url);
      request.headers.forEach((value, name) => xhr.setRequestHeader(name, value));
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable) onProgress(e.loaded / e.total);
      };
      xhr.onerror = () => reject(new TypeError('upload failed'));
      xhr.onload = () =>
        resolve(
          new Response(xhr.responseText, {
            status: xhr.status,
            headers: { 'content-type': xhr.getResponseHeader('content-type') ?? 'application/json' },
          }),
        );
      xhr.send(body);
    });
  };
}

/** Uploads one list through the generated client; the source defaults to the file's name. */
function upload(list: ListId, file: File, source: string, onProgress: (ratio: number) => void): Promise<ImportSummary> {
  return call(
    api.POST('/admin/v1/reference-lists/{list}', {
      params: { path: { list }, query: { source: source.trim() || file.name } },
      // The body is the file itself, streamed as it is (the schema calls it a CSV string).
      body: file as unknown as string,
      bodySerializer: (body: unknown) => body as BodyInit,
      headers: { 'content-type': 'text/csv', accept: 'application/json' },
      fetch: fetchWithUploadProgress(onProgress),
    }),
  );
}

export function ReferenceLists() {
  const { t, lang } = useI18n();
  const [list, setList] = useState<ListId>(REFERENCE_LISTS[0]!.id);
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
            <select value={list} onChange={(e) => setList(e.target.value as ListId)} name="list">
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
                rows: number(lang, summary.rows),
                imported: number(lang, summary.imported),
                unchanged: number(lang, summary.unchanged),
                rejected: number(lang, summary.rejected),
              })}
            </Notice>
            {summary.errors.length > 0 && (
              <div className="upload-errors">
                <table className="table table-compact" data-testid="reference-errors">
                  <thead>
                    <tr>
                      <th className="num">{t('reference.line')}</th>
                      <th>{t('reference.problem')}</th>
                      <th>{t('reference.detail')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {summary.errors.map((e) => (
                      <tr key={e.line} data-code={e.code}>
                        <td className="num">{e.line}</td>
                        <td>{t(codeKey(e.code)).startsWith('reference.code.') ? e.code : t(codeKey(e.code))}</td>
                        <td className="muted">{e.message}</td>
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
