-- Five-minute buckets cannot be split back into minutes: each becomes the first minute of its
-- five, which a one-hour window still reads (at most four minutes early).
-- The owner is subject to the tables' forced row-level security where it is not a superuser.
SELECT set_config('app.scope', 'platform', true);
UPDATE velocity_counts SET bucket_secs = 60 WHERE bucket_secs = 300;
UPDATE velocity_values SET bucket_secs = 60 WHERE bucket_secs = 300;
UPDATE velocity_sketches SET bucket_secs = 60 WHERE bucket_secs = 300;
