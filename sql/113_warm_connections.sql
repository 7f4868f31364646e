-- Warm connections (issue 17, item 6): whether a check that asked for a warm connection went over one already open
-- (no DNS, connect or TLS phase); NULL for every other check.
ALTER TABLE website_ticks
    ADD COLUMN IF NOT EXISTS warm boolean;
