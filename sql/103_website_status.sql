-- The current status of each website (Unknown, Up, Degraded, Down), kept on the websites row by the same call
-- that logs a transition in website_status_changes, so the dashboard can count, filter and sort websites by
-- status without asking every website grain. A website that never changed status is Unknown. Paused is not a
-- status: it is enabled = false.

DO $$
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = 'websites' AND column_name = 'status'
    ) THEN
        ALTER TABLE websites
            ADD COLUMN status            text        NOT NULL DEFAULT 'Unknown'
                CHECK (status IN ('Unknown', 'Up', 'Degraded', 'Down')),
            ADD COLUMN status_changed_at timestamptz;

        -- Websites that existed before this column: their latest logged transition.
        UPDATE websites w
        SET status = latest.to_status, status_changed_at = latest.at
        FROM (
            SELECT DISTINCT ON (website_id) website_id, to_status, at
            FROM website_status_changes
            ORDER BY website_id, at DESC
        ) latest
        WHERE latest.website_id = w.id;
    END IF;
END
$$;

-- No index on status: every dashboard request counts the websites per status (GROUP BY over the whole table)
-- anyway, and a page filtered by status reads the same rows; at 50,000 websites that scan takes milliseconds.
