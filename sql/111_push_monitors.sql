-- Push (heartbeat) monitors (issue 17): the secret in a push monitor's URL, /api/push/{push_token}. Every row gets one
-- (only push monitors use it); rotating it gives the row a new one.
ALTER TABLE websites
    ADD COLUMN IF NOT EXISTS push_token text NOT NULL DEFAULT replace(gen_random_uuid()::text, '-', '');

CREATE UNIQUE INDEX IF NOT EXISTS websites_push_token ON websites (push_token);
