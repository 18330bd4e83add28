CREATE OR REPLACE FUNCTION sekisho_velocity_bucket(at timestamptz, bucket_secs integer)
RETURNS timestamptz
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT to_timestamp(floor(extract(epoch FROM at) / bucket_secs) * bucket_secs) $$;
