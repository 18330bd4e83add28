-- An owner disables a user: refused at once (their sessions are revoked in the same
-- transaction, and a disabled account's session is never live), kept for the audit trail,
-- re-enabled by clearing it.
ALTER TABLE users ADD COLUMN disabled_at timestamptz;

CREATE OR REPLACE FUNCTION sekisho_session_status(session_id uuid)
    RETURNS TABLE (tenant_id uuid, subject_id uuid, role text, live boolean)
    LANGUAGE sql STABLE
    SET app.scope = 'platform'
    AS $$
    SELECT s.tenant_id, s.subject_id, u.role,
           s.revoked_at IS NULL AND s.expires_at > now()
           AND CASE WHEN s.subject_kind = 'admin'
                    THEN EXISTS (SELECT 1 FROM platform_admins a WHERE a.id = s.subject_id)
                    ELSE u.id IS NOT NULL AND u.disabled_at IS NULL END
    FROM sessions s
    LEFT JOIN users u ON u.tenant_id = s.tenant_id AND u.id = s.subject_id
    WHERE s.id = session_id
$$;
