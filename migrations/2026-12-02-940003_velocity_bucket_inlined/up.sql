-- `sekisho_velocity_bucket` was declared IMMUTABLE over `extract(epoch FROM timestamptz)`, which
-- PostgreSQL marks STABLE: a SQL function whose body is less immutable than its declaration is
-- never inlined, so every call ran as a nested statement of its own — about 260 of them in one
-- order's velocity read (auto_explain), and one per counter row in every writer. The same
-- bucket start computed with `date_bin`, which is immutable, lets the planner inline it: the
-- velocity read of a seeded order fell from about 9 ms to about 1 ms (with 940001). Identical
-- results for every bucket size (checked over two years of timestamps at 7-minute steps).
CREATE OR REPLACE FUNCTION sekisho_velocity_bucket(at timestamptz, bucket_secs integer)
RETURNS timestamptz
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT date_bin(make_interval(secs => bucket_secs), at, timestamptz '1970-01-01 00:00:00+00') $$;
