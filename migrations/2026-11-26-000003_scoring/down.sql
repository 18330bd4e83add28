DROP TABLE tenant_policies;
DROP TABLE tenant_lists;
DROP TABLE order_events;
DROP TABLE order_identifiers;
DROP TABLE orders;
