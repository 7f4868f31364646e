-- Statistics: per-minute and per-hour rollups of ticks, kept up to date by the tick writer in the same
-- transaction that stores the ticks, so statistics never scan raw ticks. A row per website, bucket and
-- validator location; website_id 00000000-0000-0000-0000-000000000000 holds the whole fleet.
-- latency_hist counts checks per latency bucket; the bucket bounds live in the hub
-- (Persistence/LatencyHistogram.cs) and must only ever be appended to.

CREATE TABLE IF NOT EXISTS website_rollups_minute (
    website_id  uuid             NOT NULL,
    bucket      timestamptz      NOT NULL,
    location    text             NOT NULL,
    checks      integer          NOT NULL,
    failures    integer          NOT NULL,
    latency_sum double precision NOT NULL,
    latency_max double precision NOT NULL,
    latency_hist integer[]       NOT NULL,
    PRIMARY KEY (website_id, bucket, location)
);

CREATE TABLE IF NOT EXISTS website_rollups_hour (LIKE website_rollups_minute INCLUDING ALL);

CREATE INDEX IF NOT EXISTS website_rollups_minute_bucket ON website_rollups_minute USING brin (bucket);
CREATE INDEX IF NOT EXISTS website_rollups_hour_bucket ON website_rollups_hour USING brin (bucket);

-- Element-wise sum of two histograms (a missing side counts as zeros).
CREATE OR REPLACE FUNCTION uptime_add_counts(a integer[], b integer[]) RETURNS integer[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT array_agg(coalesce(x, 0) + coalesce(y, 0) ORDER BY i)
    FROM unnest(a, b) WITH ORDINALITY AS u(x, y, i)
$$;

CREATE OR REPLACE AGGREGATE uptime_sum_counts(integer[]) (SFUNC = uptime_add_counts, STYPE = integer[]);

-- Status transitions of websites (Up, Down, Degraded, Unknown), written by the website grains.
CREATE TABLE IF NOT EXISTS website_status_changes (
    website_id  uuid        NOT NULL,
    at          timestamptz NOT NULL,
    from_status text        NOT NULL,
    to_status   text        NOT NULL,
    PRIMARY KEY (website_id, at)
);
