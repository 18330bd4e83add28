-- The device tag: a script merchants embed on checkout and login pages. It is addressed by a
-- publishable key per tenant (not a secret: it sits in the merchants' HTML) and reports browser
-- signals, which are kept per (tenant, device token) for bot detection and device velocity.
--
-- The device token is an HMAC of (tenant, the browser profile's random id) under a server key,
-- so the profile id itself is never stored.

CREATE TABLE device_tag_keys (
    tenant_id uuid PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
    -- `pk_live_` and 32 hex digits; public, so stored as it is.
    key text NOT NULL UNIQUE CHECK (key ~ '^pk_live_[0-9a-f]{32}$'),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE devices (
    tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    -- `dv_` and 32 hex digits (see docs/DEVICE-TAG.md).
    device_id text NOT NULL CHECK (device_id ~ '^dv_[0-9a-f]{32}$'),
    first_seen_at timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    sightings bigint NOT NULL DEFAULT 1 CHECK (sightings >= 1),
    -- What the latest sighting reported.
    user_agent text CHECK (length(user_agent) <= 512),
    languages text[] NOT NULL DEFAULT '{}' CHECK (cardinality(languages) <= 10),
    timezone text CHECK (length(timezone) <= 64),
    -- `<width>x<height>x<colour depth>`.
    screen text CHECK (length(screen) <= 32),
    hardware_concurrency smallint,
    max_touch_points smallint,
    -- Sticky: once a sighting showed automation, the device stays flagged, with every hint seen.
    automation boolean NOT NULL DEFAULT false,
    automation_hints text[] NOT NULL DEFAULT '{}' CHECK (cardinality(automation_hints) <= 32),
    PRIMARY KEY (tenant_id, device_id)
);

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['device_tag_keys', 'devices'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format(
            'CREATE POLICY %I ON %I FOR ALL USING (tenant_id = sekisho_current_tenant() OR sekisho_platform_scope()) '
            'WITH CHECK (tenant_id = sekisho_current_tenant() OR sekisho_platform_scope())',
            t || '_tenant', t);
    END LOOP;
END
$$;

-- Resolves a publishable tag key to its tenant, for any tenant, in one round trip: the only
-- platform-wide read the tag's unauthenticated endpoint makes.
CREATE FUNCTION sekisho_device_tag_tenant(tag_key text) RETURNS uuid
    LANGUAGE sql STABLE
    SET app.scope = 'platform'
    AS $$ SELECT k.tenant_id FROM device_tag_keys k WHERE k.key = tag_key $$;

GRANT SELECT, INSERT ON device_tag_keys TO sekisho_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON devices TO sekisho_app;
GRANT EXECUTE ON FUNCTION sekisho_device_tag_tenant(text) TO sekisho_app;
