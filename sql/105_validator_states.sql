-- Validator management: an operator bans, approves (HUB_VALIDATOR_ENROLLMENT=approval) and deletes validators.
-- state: 'active' registers and gets checks; 'pending' waits for an operator's approval; 'banned' is refused at
-- REGISTER with ban_reason. banned_by names the admin key (its fingerprint) that banned it.

ALTER TABLE validators
    ADD COLUMN IF NOT EXISTS state      text        NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'pending', 'banned')),
    ADD COLUMN IF NOT EXISTS banned_at  timestamptz,
    ADD COLUMN IF NOT EXISTS banned_by  text,
    ADD COLUMN IF NOT EXISTS ban_reason text;
