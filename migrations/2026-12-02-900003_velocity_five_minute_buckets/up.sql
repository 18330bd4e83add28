-- Order velocity over windows up to an hour is read from five-minute buckets instead of
-- one-minute ones (`store::velocity::bucket_secs`): 13 rows per metric instead of 61, the
-- largest part of scoring's database time. The counters are derived data: the one-minute rows
-- are folded into five-minute ones here, so that no window loses the orders of the last hour.
-- A one-minute bucket that had turned into a sketch (more than 64 distinct values in one minute
-- at one key) cannot be merged in SQL (the sketch format is the application's): its exact values
-- are kept, and until its hour has passed that key's distinct count may read low.
-- The owner is subject to the tables' forced row-level security where it is not a superuser.
SELECT set_config('app.scope', 'platform', true);
INSERT INTO velocity_counts (tenant_id, key_kind, key, bucket_secs, bucket_start, orders)
SELECT tenant_id, key_kind, key, 300, sekisho_velocity_bucket(bucket_start, 300), sum(orders)
FROM velocity_counts
WHERE bucket_secs = 60
GROUP BY 1, 2, 3, 4, 5
ON CONFLICT (tenant_id, key_kind, key, bucket_secs, bucket_start)
DO UPDATE SET orders = velocity_counts.orders + excluded.orders;

INSERT INTO velocity_values (tenant_id, key_kind, key, counted_kind, bucket_secs, bucket_start,
                             value, orders)
SELECT tenant_id, key_kind, key, counted_kind, 300, sekisho_velocity_bucket(bucket_start, 300),
       value, sum(orders)
FROM velocity_values
WHERE bucket_secs = 60
GROUP BY 1, 2, 3, 4, 5, 6, 7
ON CONFLICT (tenant_id, key_kind, key, counted_kind, bucket_secs, bucket_start, value)
DO UPDATE SET orders = velocity_values.orders + excluded.orders;

DELETE FROM velocity_counts WHERE bucket_secs = 60;
DELETE FROM velocity_values WHERE bucket_secs = 60;
DELETE FROM velocity_sketches WHERE bucket_secs = 60;
