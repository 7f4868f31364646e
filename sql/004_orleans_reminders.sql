-- Orleans ADO.NET reminders (Microsoft.Orleans.Reminders.AdoNet 10.4.2) on PostgreSQL.
--
-- Contract (what the provider binds and reads):
-- * Parameters: @ServiceId, @GrainId (the GrainId's string form), @ReminderName, @StartTime
--   (UTC), @Period (milliseconds, int or bigint), @GrainHash (the grain's uniform hash code cast
--   from uint to a signed int), @BeginHash / @EndHash (likewise signed) and @Version (the ETag).
-- * Reads return GrainId, ReminderName, StartTime, Period and Version, by name (Npgsql matches
--   them case-insensitively to the lower-case columns below).
-- * Upsert is unconditional and returns one row with the new Version (the new ETag).
-- * Delete of one reminder is conditional on its ETag and returns one boolean column.
-- * Range reads select the ring range (BeginHash, EndHash]. The provider compares the bounds as
--   signed ints: ReadRangeRows1Key when BeginHash < EndHash (the arc does not wrap in signed
--   order), ReadRangeRows2Key otherwise (it wraps; BeginHash = EndHash means the whole ring).
--
-- Idempotent: a database from before the schema_migrations journal runs it once more.

CREATE TABLE IF NOT EXISTS orleans_reminder
(
    serviceid    varchar(150) NOT NULL,
    grainid      varchar(512) NOT NULL,
    remindername varchar(150) NOT NULL,
    starttime    timestamptz  NOT NULL,
    period       bigint       NOT NULL,
    grainhash    integer      NOT NULL,
    version      integer      NOT NULL,
    PRIMARY KEY (serviceid, grainid, remindername)
);

-- Each silo reads the reminders of its ring range(s) periodically.
CREATE INDEX IF NOT EXISTS orleans_reminder_range
    ON orleans_reminder (serviceid, grainhash);

INSERT INTO orleansquery (querykey, querytext)
VALUES
    -- Last writer wins (as the provider expects); every change gets a new version, so an ETag
    -- held for an older registration no longer deletes the reminder.
    ('UpsertReminderRowKey', '
        INSERT INTO orleans_reminder
            (serviceid, grainid, remindername, starttime, period, grainhash, version)
        VALUES
            (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
        ON CONFLICT (serviceid, grainid, remindername) DO UPDATE
        SET starttime = EXCLUDED.starttime,
            period = EXCLUDED.period,
            grainhash = EXCLUDED.grainhash,
            version = orleans_reminder.version + 1
        RETURNING version;'),

    ('ReadReminderRowsKey', '
        SELECT grainid, remindername, starttime, period, version
        FROM orleans_reminder
        WHERE serviceid = @ServiceId
          AND grainid = @GrainId;'),

    ('ReadReminderRowKey', '
        SELECT grainid, remindername, starttime, period, version
        FROM orleans_reminder
        WHERE serviceid = @ServiceId
          AND grainid = @GrainId
          AND remindername = @ReminderName;'),

    ('ReadRangeRows1Key', '
        SELECT grainid, remindername, starttime, period, version
        FROM orleans_reminder
        WHERE serviceid = @ServiceId
          AND grainhash > @BeginHash
          AND grainhash <= @EndHash;'),

    ('ReadRangeRows2Key', '
        SELECT grainid, remindername, starttime, period, version
        FROM orleans_reminder
        WHERE serviceid = @ServiceId
          AND (grainhash > @BeginHash OR grainhash <= @EndHash);'),

    -- Compare-and-delete: false when the reminder was changed (new ETag) or is already gone.
    ('DeleteReminderRowKey', '
        WITH deleted AS (
            DELETE FROM orleans_reminder
            WHERE serviceid = @ServiceId
              AND grainid = @GrainId
              AND remindername = @ReminderName
              AND version = @Version
            RETURNING 1)
        SELECT EXISTS (SELECT 1 FROM deleted);'),

    ('DeleteReminderRowsKey', '
        DELETE FROM orleans_reminder
        WHERE serviceid = @ServiceId;')
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;
