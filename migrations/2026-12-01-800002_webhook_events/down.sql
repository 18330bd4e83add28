DROP TRIGGER card_testing_alerts_created_events ON card_testing_alerts;
DROP FUNCTION sekisho_alert_created_events();
DROP TRIGGER orders_scored_events ON orders;
DROP FUNCTION sekisho_order_scored_events();
DROP FUNCTION sekisho_enqueue_webhook(uuid, text, jsonb, boolean);
DROP FUNCTION sekisho_uuid_v7();
