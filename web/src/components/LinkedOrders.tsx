// 名寄せ: the tenant's orders linked to this one through a shared card, phone, email, delivery
// point, building, device, account or IP, as an interactive graph (Cytoscape.js, loaded only
// when a graph is shown) and as a list saying what joins each pair.
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { relatedOrders, type RelatedLink, type RelatedNode, type RelatedOrders } from '../api/review';
import type { Key } from '../i18n/dictionary';
import { useI18n } from '../i18n/i18n';
import { dateTime, money } from '../lib/format';
import { useResource } from '../lib/useResource';
import { Card, DecisionBadge, Empty, ErrorMessage, isKey, Loading, StatusBadge } from './ui';

const COLOURS: Record<string, string> = {
  rejected: '#b91c1c',
  reject: '#b91c1c',
  accepted: '#15803d',
  accept: '#15803d',
  in_review: '#b45309',
  review: '#b45309',
  held: '#b45309',
};

export function linkKindLabel(t: (k: Key) => string, kind: string): string {
  const key = `link.${kind}`;
  return isKey(key) ? t(key) : kind;
}

/** Each linked order with the identifiers joining it to the order shown or to another linked one. */
export function linksByOrder(data: RelatedOrders, self: string): Map<string, Set<string>> {
  const by = new Map<string, Set<string>>();
  for (const link of data.links) {
    for (const end of [link.from, link.to]) {
      if (end === self) continue;
      const set = by.get(end) ?? new Set<string>();
      link.kinds.forEach((k) => set.add(k));
      by.set(end, set);
    }
  }
  return by;
}

function Graph({ nodes, links, self }: { nodes: RelatedNode[]; links: RelatedLink[]; self: string }) {
  const box = useRef<HTMLDivElement>(null);
  const navigate = useNavigate();
  const { t } = useI18n();
  const [failed, setFailed] = useState(false);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    let destroyed = false;
    let graph: { destroy: () => void } | undefined;
    void import('cytoscape')
      .then(({ default: cytoscape }) => {
        if (destroyed || !box.current) return;
        const ids = new Set(nodes.map((n) => n.order_id));
        const cy = cytoscape({
          container: box.current,
          elements: [
            ...nodes.map((n) => ({
              data: {
                id: n.order_id,
                label: n.merchant_order_id,
                colour: COLOURS[n.status] ?? COLOURS[n.decision] ?? '#64748b',
                self: n.order_id === self ? 1 : 0,
                ring: 2 - Math.min(2, n.depth),
              },
            })),
            ...links
              .filter((l) => ids.has(l.from) && ids.has(l.to))
              .map((l, i) => ({
                data: { id: `link-${i}`, source: l.from, target: l.to, label: l.kinds.map((k) => linkKindLabel(t, k)).join(' · ') },
              })),
          ],
          style: [
            {
              selector: 'node',
              style: {
                'background-color': 'data(colour)',
                label: 'data(label)',
                'font-size': 10,
                color: '#0f172a',
                'text-valign': 'bottom',
                'text-margin-y': 4,
                width: 22,
                height: 22,
              },
            },
            {
              selector: 'node[self = 1]',
              style: { width: 34, height: 34, 'border-width': 4, 'border-color': '#c2410c', 'font-weight': 'bold' },
            },
            {
              selector: 'edge',
              style: {
                width: 2,
                'line-color': '#94a3b8',
                label: 'data(label)',
                'font-size': 8,
                color: '#475569',
                'text-background-color': '#ffffff',
                'text-background-opacity': 0.85,
                'text-background-padding': '2px',
                'curve-style': 'bezier',
                'text-rotation': 'autorotate',
              },
            },
          ],
          // This order in the middle, direct links around it, two hops on the outer ring.
          layout: {
            name: 'concentric',
            concentric: (node: { data: (k: string) => number }) => node.data('ring'),
            levelWidth: () => 1,
            minNodeSpacing: 70,
            animate: false,
            padding: 30,
          } as never,
          wheelSensitivity: 0.3,
          // A few orders would otherwise be blown up to fill the box.
          maxZoom: 1.5,
          minZoom: 0.2,
        });
        cy.on('tap', 'node', (event) => {
          const id = event.target.id() as string;
          if (id !== self) navigate(`/orders/${encodeURIComponent(id)}`);
        });
        graph = cy;
        setReady(true);
      })
      .catch(() => setFailed(true));
    return () => {
      destroyed = true;
      graph?.destroy();
    };
  }, [nodes, links, self, navigate, t]);

  if (failed) return <p className="muted">{t('related.graphFailed')}</p>;
  return (
    <div
      className="link-graph"
      ref={box}
      data-testid="related-graph"
      data-nodes={nodes.length}
      data-links={links.length}
      data-ready={ready ? 'yes' : 'no'}
      role="img"
      aria-label={t('related.graphLabel', { n: nodes.length - 1 })}
    />
  );
}

export function LinkedOrders({ orderId }: { orderId: string }) {
  const { t, lang } = useI18n();
  const [depth, setDepth] = useState<1 | 2>(1);
  const related = useResource(() => relatedOrders(orderId, depth), [orderId, depth]);
  const data = related.data;
  const by = useMemo(() => (data ? linksByOrder(data, orderId) : new Map<string, Set<string>>()), [data, orderId]);
  const others = (data?.nodes ?? []).filter((n) => n.order_id !== orderId);

  return (
    <Card
      title={t('related.title')}
      className="card-related"
      actions={
        <div className="tabs" role="tablist">
          {([1, 2] as const).map((d) => (
            <button key={d} type="button" role="tab" aria-selected={depth === d} className={`tab ${depth === d ? 'active' : ''}`} onClick={() => setDepth(d)} data-testid={`related-depth-${d}`}>
              {t(d === 1 ? 'related.depth1' : 'related.depth2')}
            </button>
          ))}
        </div>
      }
    >
      <p className="card-hint">{t('related.intro')}</p>
      {related.loading && !data ? (
        <Loading />
      ) : related.error ? (
        <ErrorMessage error={related.error} onRetry={related.reload} />
      ) : data && others.length > 0 ? (
        <>
          <Graph nodes={data.nodes} links={data.links} self={orderId} />
          <div className="graph-legend">
            <span className="legend-dot" style={{ background: COLOURS.rejected }} /> {t('status.rejected')}
            <span className="legend-dot" style={{ background: COLOURS.in_review }} /> {t('status.in_review')}
            <span className="legend-dot" style={{ background: COLOURS.accepted }} /> {t('status.accepted')}
            <span className="muted"> · {t('related.clickHint')}</span>
          </div>
          {data.truncated && <p className="muted">{t('related.truncated')}</p>}
          {data.widely_shared.length > 0 && (
            <p className="muted" data-testid="related-widely-shared">
              {t('related.widelyShared', { kinds: data.widely_shared.map((k) => linkKindLabel(t, k)).join(lang === 'ja' ? '・' : ', ') })}
            </p>
          )}
          <div className="table-wrap table-scroll">
            <table className="table table-compact" data-testid="related-list">
              <thead>
                <tr>
                  <th>{t('orders.order')}</th>
                  <th>{t('related.linkedBy')}</th>
                  <th>{t('orders.orderedAt')}</th>
                  <th className="num">{t('orders.amount')}</th>
                  <th>{t('orders.decision')}</th>
                  <th>{t('orders.status')}</th>
                  <th>{t('related.outcome')}</th>
                </tr>
              </thead>
              <tbody>
                {others.map((n) => (
                  <tr key={n.order_id} data-testid="related-row" data-status={n.status}>
                    <td>
                      <Link to={`/orders/${encodeURIComponent(n.order_id)}`}>{n.merchant_order_id}</Link>
                      {n.depth === 2 && <span className="muted"> · {t('related.twoHops')}</span>}
                    </td>
                    <td>
                      {[...(by.get(n.order_id) ?? [])].map((k) => (
                        <span key={k} className="badge badge-info link-kind">
                          {linkKindLabel(t, k)}
                        </span>
                      ))}
                    </td>
                    <td className="nowrap">{dateTime(lang, n.scored_at)}</td>
                    <td className="num">{money(lang, n.amount_minor, n.currency)}</td>
                    <td>
                      <DecisionBadge decision={n.decision} />
                    </td>
                    <td>
                      <StatusBadge status={n.status} />
                    </td>
                    <td>
                      {n.review_decision && (
                        <span className="muted">
                          {t('related.reviewed', { decision: isKey(`decision.${n.review_decision}`) ? t(`decision.${n.review_decision}` as Key) : n.review_decision })}{' '}
                        </span>
                      )}
                      {n.outcome ? (isKey(`outcome.${n.outcome}`) ? <span className={`badge ${n.outcome === 'chargeback' ? 'badge-bad' : 'badge-neutral'}`}>{t(`outcome.${n.outcome}` as Key)}</span> : n.outcome) : ''}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : (
        <Empty>{t('related.none')}</Empty>
      )}
    </Card>
  );
}
