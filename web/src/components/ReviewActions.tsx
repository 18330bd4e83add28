// Deciding a review, the same on the order page and in the queue: a note goes with every
// decision; a rejection that will be reported to the consortium asks first; a decision can be
// undone within the server's window (undoing a rejection retracts its report).
import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { api, call, type Schemas } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { useAction, useResource } from '../lib/useResource';
import { ErrorMessage } from './ui';

type Decision = Schemas['ReviewDecision'];
type Order = Schemas['OrderView'];

/** A decision just taken, while it may still be undone. */
export interface Decided {
  order: Order;
  decision: Decision;
  reported: boolean;
  /** ms since the epoch */
  undoUntil: number;
}

/** The server's default undo window (`SEKISHO_REVIEW_UNDO_MINUTES`, 10); it refuses (409) once
 * its own window has passed, whatever this says. */
const DEFAULT_UNDO_MS = 10 * 60_000;

/** Whether the tenant shares its confirmed fraud with the consortium (a rejection then reports). */
export function useContributes(): boolean {
  const me = useResource(() => call(api.GET('/v1/me')), []);
  return me.data?.contributes ?? true;
}

export async function decideReview(order: Order, decision: Decision, note: string, confirmedFraud: boolean): Promise<Decided> {
  const result: Schemas['ReviewResponse'] & { undo_until?: string | null } = await call(
    api.POST('/v1/reviews/{order_id}', {
      params: { path: { order_id: order.order_id } },
      body: { decision, note: note.trim() || undefined, confirmed_fraud: decision === 'reject' ? confirmedFraud : undefined },
    }),
  );
  const until = result.undo_until ? Date.parse(result.undo_until) : Date.now() + DEFAULT_UNDO_MS;
  return { order: result.order, decision, reported: Boolean(result.fraud_report_id), undoUntil: until };
}

/** `DELETE /v1/reviews/{order_id}`: the order waits for review again; a rejection's report is retracted. */
export async function undoReview(orderId: string): Promise<Order> {
  const result = await call(api.DELETE('/v1/reviews/{order_id}', { params: { path: { order_id: orderId } } }));
  return result.order;
}

export interface ReviewActionsHandle {
  decide: (decision: Decision, confirmedFraud?: boolean) => void;
  focusNote: () => void;
}

interface Props {
  order: Order;
  contributes: boolean;
  onDecided: (decided: Decided) => void;
  disabled?: boolean;
  compact?: boolean;
}

/** The note and the decision buttons; a reject that reports asks in a dialog first. */
export const ReviewActions = forwardRef<ReviewActionsHandle, Props>(function ReviewActions({ order, contributes, onDecided, disabled, compact }, ref) {
  const { t } = useI18n();
  const [note, setNote] = useState(order.review_note ?? '');
  const [confirming, setConfirming] = useState(false);
  const action = useAction();
  const dialog = useRef<HTMLDialogElement>(null);
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const busy = action.busy || disabled;

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (confirming && !d.open) d.showModal();
    if (!confirming && d.open) d.close();
  }, [confirming]);

  async function run(decision: Decision, confirmedFraud = true) {
    const done = await action.run(() => decideReview(order, decision, note, confirmedFraud));
    setConfirming(false);
    if (done) onDecided(done);
  }

  function start(decision: Decision, confirmedFraud = true) {
    if (busy) return;
    if (decision === 'reject' && confirmedFraud && contributes) setConfirming(true);
    else void run(decision, confirmedFraud);
  }

  useImperativeHandle(ref, () => ({ decide: start, focusNote: () => noteRef.current?.focus() }));

  return (
    <div className={`review-actions ${compact ? 'review-actions-compact' : ''}`} data-testid="review-actions">
      <label className="field review-note">
        <span className="field-label">{t('review.note')}</span>
        <textarea
          ref={noteRef}
          rows={compact ? 2 : 3}
          value={note}
          maxLength={2000}
          placeholder={t('review.notePlaceholder')}
          onChange={(e) => setNote(e.target.value)}
          onKeyDown={(e) => {
            // Typing a note must not trigger the queue's shortcuts; Escape leaves the field.
            e.stopPropagation();
            if (e.key === 'Escape') e.currentTarget.blur();
          }}
          data-testid="review-note"
        />
      </label>
      <div className="review-buttons">
        <button type="button" className="btn btn-good" disabled={busy} onClick={() => start('accept')} data-testid="review-accept">
          ✓ {t('reviews.accept')}
        </button>
        <button type="button" className="btn btn-bad" disabled={busy} onClick={() => start('reject')} data-testid="review-reject">
          ✕ {t('reviews.reject')}
        </button>
        <button type="button" className="btn" disabled={busy || order.status === 'held'} onClick={() => start('hold')} data-testid="review-hold">
          ❚❚ {t('reviews.hold')}
        </button>
        <button type="button" className="btn btn-link btn-small" disabled={busy} onClick={() => start('reject', false)} data-testid="review-reject-not-fraud">
          {t('reviews.notFraud')}
        </button>
      </div>
      <ErrorMessage error={action.error} />
      <dialog ref={dialog} className="dialog" onClose={() => setConfirming(false)} data-testid="reject-confirm">
        <h2>{t('review.confirmTitle', { order: order.merchant_order_id })}</h2>
        <p>{t('review.confirmBody')}</p>
        {note.trim() ? (
          <blockquote className="dialog-note">{note.trim()}</blockquote>
        ) : (
          <p className="muted">{t('review.confirmNoNote')}</p>
        )}
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={() => setConfirming(false)} data-testid="reject-cancel">
            {t('common.cancel')}
          </button>
          <button type="button" className="btn btn-bad" disabled={action.busy} onClick={() => void run('reject', true)} data-testid="reject-confirm-yes">
            {t('review.confirmReject')}
          </button>
        </div>
      </dialog>
    </div>
  );
});

/** "Rejected O-123 · Undo (4:32)" until the window closes. */
export function UndoBar({ decided, onUndone, onExpired }: { decided: Decided; onUndone: (order: Order) => void; onExpired: () => void }) {
  const { t } = useI18n();
  const [now, setNow] = useState(Date.now());
  const action = useAction();
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const left = Math.max(0, decided.undoUntil - now);
  useEffect(() => {
    if (left === 0) onExpired();
  }, [left, onExpired]);
  const minutes = Math.floor(left / 60_000);
  const seconds = String(Math.floor((left % 60_000) / 1000)).padStart(2, '0');
  return (
    <div className="alert alert-success undo-bar" role="status" data-testid="undo-bar">
      <span>
        {t('reviews.decided', { order: decided.order.merchant_order_id, decision: t(`decision.${decided.decision}`) })}
        {decided.reported && <> · {t('review.reported')}</>}
      </span>
      <button
        type="button"
        className="btn btn-small"
        disabled={action.busy || left === 0}
        onClick={async () => {
          const order = await action.run(() => undoReview(decided.order.order_id));
          if (order) onUndone(order);
        }}
        data-testid="review-undo"
      >
        ↶ {t('review.undo')} ({minutes}:{seconds})
      </button>
      <ErrorMessage error={action.error} />
    </div>
  );
}
