-- Verdicts (issue 15). Per website, how its verdict is decided (Grains/VerdictPolicy.cs): the regions that check it
-- (NULL: every region), validators per region (NULL: all), regions that must say Down (NULL: more than half of those
-- with usable data), consecutive failing rounds before Down, the latency above which it is Degraded, whether Degraded
-- opens an incident, and how long the verdict must stay good before an open incident resolves itself.
ALTER TABLE websites
    ADD COLUMN IF NOT EXISTS regions              text[]  CHECK (cardinality(regions) BETWEEN 1 AND 20),
    ADD COLUMN IF NOT EXISTS validators_per_region integer CHECK (validators_per_region BETWEEN 1 AND 100),
    ADD COLUMN IF NOT EXISTS down_quorum          integer CHECK (down_quorum BETWEEN 1 AND 20),
    ADD COLUMN IF NOT EXISTS failing_rounds       integer NOT NULL DEFAULT 1 CHECK (failing_rounds BETWEEN 1 AND 10),
    ADD COLUMN IF NOT EXISTS degraded_latency_ms  integer CHECK (degraded_latency_ms BETWEEN 1 AND 60000),
    ADD COLUMN IF NOT EXISTS incident_on_degraded boolean NOT NULL DEFAULT false,
    ADD COLUMN IF NOT EXISTS recovery_seconds     integer NOT NULL DEFAULT 30 CHECK (recovery_seconds BETWEEN 0 AND 86400);

-- A tick answering a confirmation check (sent off the slots to other regions when one region first saw a failure), and
-- a tick whose check the validator's own policy refused (shown, no vote about the website).
ALTER TABLE website_ticks
    ADD COLUMN IF NOT EXISTS confirmation boolean NOT NULL DEFAULT false,
    ADD COLUMN IF NOT EXISTS refused      boolean NOT NULL DEFAULT false;

-- A validator failing its canaries is impaired: its ticks are shown but do not vote until it recovers.
ALTER TABLE validators
    ADD COLUMN IF NOT EXISTS impaired_since  timestamptz,
    ADD COLUMN IF NOT EXISTS impaired_reason text;
