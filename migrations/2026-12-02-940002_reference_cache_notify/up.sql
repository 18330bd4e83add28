-- The API processes cache what the reference lists say about an IP, a card BIN or an address
-- (service::caches): any change to a list's table is announced on `sekisho_cache`, once per
-- statement (an import writes in batches), and clears those caches in every process.
CREATE FUNCTION sekisho_notify_reference_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('sekisho_cache', json_build_object('kind', 'reference_lists')::text);
    RETURN NULL;
END
$$;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['ip_reputation', 'ip_countries', 'card_bins', 'reference_addresses']
    LOOP
        EXECUTE format(
            'CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I '
            'FOR EACH STATEMENT EXECUTE FUNCTION sekisho_notify_reference_change()',
            t || '_cache_notify', t);
    END LOOP;
END
$$;
