-- Maintenance windows (Hub.Silo/Maintenance): one-off (starts_at, ends_at) or recurring (a 5-field cron expression in an
-- IANA time zone, each occurrence open for duration_minutes), for every website (all_websites) or those listed in
-- maintenance_window_websites. Deleting a website removes it from the lists (ON DELETE CASCADE); a window whose list
-- became empty stays, covering nothing, until it is changed or deleted. Website grains read the windows from each silo's
-- memory, which is refreshed from here, never per tick.
--
-- A website in a window has the status Maintenance, so the websites row may now hold it.

ALTER TABLE websites DROP CONSTRAINT IF EXISTS websites_status_check;
ALTER TABLE websites ADD CONSTRAINT websites_status_check
    CHECK (status IN ('Unknown', 'Up', 'Degraded', 'Down', 'Maintenance'));

CREATE TABLE IF NOT EXISTS maintenance_windows (
    id               uuid        PRIMARY KEY,
    name             text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    description      text        NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
    starts_at        timestamptz,
    ends_at          timestamptz,
    cron             text,
    time_zone        text,
    duration_minutes integer,
    all_websites     boolean     NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CHECK (
        (starts_at IS NOT NULL AND ends_at > starts_at AND cron IS NULL AND time_zone IS NULL AND duration_minutes IS NULL)
        OR (starts_at IS NULL AND ends_at IS NULL AND cron IS NOT NULL AND time_zone IS NOT NULL AND duration_minutes > 0)
    )
);

CREATE TABLE IF NOT EXISTS maintenance_window_websites (
    window_id  uuid NOT NULL REFERENCES maintenance_windows (id) ON DELETE CASCADE,
    website_id uuid NOT NULL REFERENCES websites (id) ON DELETE CASCADE,
    PRIMARY KEY (window_id, website_id)
);

CREATE INDEX IF NOT EXISTS maintenance_window_websites_website_id ON maintenance_window_websites (website_id);
