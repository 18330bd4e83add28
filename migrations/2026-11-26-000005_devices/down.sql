DROP FUNCTION sekisho_device_tag_tenant(text);
DROP TABLE devices;
DROP TABLE device_tag_keys;
