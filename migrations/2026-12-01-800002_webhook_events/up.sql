-- More webhook events (docs/WEBHOOKS.md), written by triggers in the statement that causes them,
-- so that scoring an order costs no extra round trip and an event goes out only if its cause
-- commits:
-- - `order.scored` (opt-in: only endpoints that list it explicitly), on every scoring;
-- - `review.requested`, when a scoring's decision is review;
-- - `alert.created`, when a card-testing or login-attack alert is raised.

-- A UUIDv7 (PostgreSQL 15 has none built in): the delivery log's order and cursor.
CREATE FUNCTION sekisho_uuid_v7() RETURNS uuid
    LANGUAGE sql VOLATILE
AS $$
    SELECT encode(
        set_bit(set_bit(
            overlay(uuid_send(gen_random_uuid())
                    PLACING substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
                    FROM 1 FOR 6),
            52, 1), 53, 1),
        'hex')::uuid
$$;

-- One pending delivery of the event to each active endpoint of the tenant subscribed to it.
-- `explicit_only`: an endpoint subscribed to every event (an empty list) does not get it.
CREATE FUNCTION sekisho_enqueue_webhook(p_tenant uuid, p_type text, p_data jsonb,
                                        explicit_only boolean)
RETURNS void
    LANGUAGE plpgsql
AS $$
DECLARE
    event uuid := sekisho_uuid_v7();
BEGIN
    INSERT INTO webhook_deliveries (tenant_id, id, endpoint_id, event_type, event_id, payload)
    SELECT p_tenant, sekisho_uuid_v7(), e.id, p_type, event,
           jsonb_build_object(
               'id', event, 'type', p_type,
               'created_at', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
               'tenant_id', p_tenant, 'data', p_data)
    FROM webhook_endpoints e
    WHERE e.tenant_id = p_tenant AND e.active
      AND (e.events @> ARRAY[p_type] OR (NOT explicit_only AND e.events = '{}'));
END
$$;

CREATE FUNCTION sekisho_order_scored_events() RETURNS trigger
    LANGUAGE plpgsql
AS $$
DECLARE
    data jsonb;
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.times_scored = OLD.times_scored THEN
        RETURN NULL;
    END IF;
    -- Only the tenant's endpoints can subscribe; most have none, which costs one index probe.
    IF NOT EXISTS (SELECT 1 FROM webhook_endpoints e
                   WHERE e.tenant_id = NEW.tenant_id AND e.active) THEN
        RETURN NULL;
    END IF;
    data := jsonb_build_object(
        'order_id', NEW.id, 'merchant_order_id', NEW.merchant_order_id,
        'decision', NEW.decision, 'score', NEW.score, 'three_ds', NEW.three_ds,
        'reasons', (SELECT coalesce(jsonb_agg(r->>'code'), '[]'::jsonb)
                    FROM jsonb_array_elements(NEW.reasons) r),
        'amount_minor', NEW.amount_minor, 'currency', NEW.currency,
        'scored_at', NEW.scored_at, 'livemode', NEW.livemode);
    PERFORM sekisho_enqueue_webhook(NEW.tenant_id, 'order.scored', data, true);
    IF NEW.decision = 'review' THEN
        PERFORM sekisho_enqueue_webhook(NEW.tenant_id, 'review.requested', data, false);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER orders_scored_events AFTER INSERT OR UPDATE ON orders
    FOR EACH ROW EXECUTE FUNCTION sekisho_order_scored_events();

CREATE FUNCTION sekisho_alert_created_events() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM sekisho_enqueue_webhook(NEW.tenant_id, 'alert.created', jsonb_build_object(
        'alert_id', NEW.id, 'kind', NEW.kind, 'source_kind', NEW.source_kind,
        'source', NEW.display, 'window_secs', NEW.window_secs, 'failures', NEW.failures,
        'attempts', NEW.attempts, 'failure_rate', NEW.failure_rate,
        'detected_at', NEW.detected_at, 'active_until', NEW.active_until,
        'livemode', NEW.livemode), false);
    RETURN NULL;
END
$$;
CREATE TRIGGER card_testing_alerts_created_events AFTER INSERT ON card_testing_alerts
    FOR EACH ROW EXECUTE FUNCTION sekisho_alert_created_events();

GRANT EXECUTE ON FUNCTION sekisho_uuid_v7(), sekisho_enqueue_webhook(uuid, text, jsonb, boolean)
    TO sekisho_app;
