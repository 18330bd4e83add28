DROP TRIGGER consortium_entries_resummarise_changes ON consortium_entries;
DROP TRIGGER consortium_entries_resummarise_removals ON consortium_entries;
DROP TRIGGER consortium_entries_summarise_additions ON consortium_entries;
DROP FUNCTION sekisho_resummarise_consortium_changes();
DROP FUNCTION sekisho_resummarise_consortium_removals();
DROP FUNCTION sekisho_recount_consortium(bytea[], text[], uuid[], boolean[]);
DROP FUNCTION sekisho_summarise_consortium_additions();
DROP TABLE consortium_summaries;
