-- An owner disables a user: refused at once (their sessions are revoked in the same
-- transaction), kept for the audit trail, re-enabled by clearing it.
ALTER TABLE users ADD COLUMN disabled_at timestamptz;
