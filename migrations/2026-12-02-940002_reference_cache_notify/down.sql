DROP TRIGGER ip_reputation_cache_notify ON ip_reputation;
DROP TRIGGER ip_countries_cache_notify ON ip_countries;
DROP TRIGGER card_bins_cache_notify ON card_bins;
DROP TRIGGER reference_addresses_cache_notify ON reference_addresses;
DROP FUNCTION sekisho_notify_reference_change();
