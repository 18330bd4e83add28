DROP TRIGGER consortium_entries_log_additions ON consortium_entries;
DROP FUNCTION sekisho_log_consortium_additions();
DROP TABLE consortium_changes;
