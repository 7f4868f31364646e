-- Orleans ADO.NET grain storage (Microsoft.Orleans.Persistence.AdoNet 10.4.2) on PostgreSQL.
--
-- Contract (what the provider binds and reads):
-- * It loads only WriteToStorageKey, ReadFromStorageKey and ClearStorageKey (required) and
--   DeleteStorageKey (used when the storage options set DeleteStateOnClear = true).
-- * Every statement gets the grain's identity: @ServiceId, @GrainTypeString (for
--   [PersistentState] this is the state name, not the grain class; the grain id's type is NOT
--   part of the key), @GrainIdN0 / @GrainIdN1 (bigint halves of a Guid key, or 0 / the integer
--   key), @GrainIdExtensionString (key extension or string key; NULL when there is none) and
--   two int hashes, @GrainIdHash and @GrainTypeHash. The provider name is not passed.
-- * @GrainStateVersion is the grain's ETag as an int, NULL for a grain that has no row yet.
-- * Read returns at most one row with PayloadBinary (NULL after a clear) and Version.
-- * Write returns one row with NewGrainStateVersion. Clear and Delete return one row whose
--   first column is the new version. The provider treats NULL (empty), a value equal to the
--   ETag it sent, or no row at all (when it sent an ETag) as a version conflict and raises
--   InconsistentStateException. So a write with a stale ETag must change nothing and return
--   NULL, and a first write (NULL ETag) must return NULL if the row already exists.
--
-- Idempotent: a database from before the schema_migrations journal runs it once more.

CREATE TABLE IF NOT EXISTS orleans_storage
(
    grainidhash            integer      NOT NULL,
    graintypehash          integer      NOT NULL,
    serviceid              varchar(150) NOT NULL,
    graintypestring        varchar(512) NOT NULL,
    grainidn0              bigint       NOT NULL,
    grainidn1              bigint       NOT NULL,
    grainidextensionstring varchar(512) NULL,
    payloadbinary          bytea        NULL,
    version                integer      NOT NULL,
    modifiedon             timestamptz  NOT NULL DEFAULT now()
);

-- One row per grain state. The hashes lead so that most comparisons are on integers; NULLS NOT
-- DISTINCT (PostgreSQL 15+) makes grains without a key extension unique as well, which is what
-- lets two racing first writes collide instead of creating two rows.
CREATE UNIQUE INDEX IF NOT EXISTS orleans_storage_identity
    ON orleans_storage (grainidhash, graintypehash, serviceid, graintypestring, grainidn0,
                        grainidn1, grainidextensionstring) NULLS NOT DISTINCT;

-- Writes a grain state with an optimistic version check. Returns the new version, or NULL when
-- nothing was written (stale ETag, or a first write racing an existing row).
CREATE OR REPLACE FUNCTION orleans_storage_write(
    p_grainidhash            integer,
    p_graintypehash          integer,
    p_serviceid              text,
    p_graintypestring        text,
    p_grainidn0              bigint,
    p_grainidn1              bigint,
    p_grainidextensionstring text,
    p_grainstateversion      integer,
    p_payloadbinary          bytea)
    RETURNS integer
    LANGUAGE plpgsql
AS
$$
DECLARE
    new_version integer;
BEGIN
    IF p_grainstateversion IS NULL THEN
        -- First write. If a row exists already (another activation wrote it, or this one read
        -- before it was created), the unique index turns the insert into a no-op: conflict.
        INSERT INTO orleans_storage
            (grainidhash, graintypehash, serviceid, graintypestring, grainidn0, grainidn1,
             grainidextensionstring, payloadbinary, version, modifiedon)
        VALUES
            (p_grainidhash, p_graintypehash, p_serviceid, p_graintypestring, p_grainidn0,
             p_grainidn1, p_grainidextensionstring, p_payloadbinary, 1, now())
        ON CONFLICT DO NOTHING
        RETURNING version INTO new_version;
    ELSE
        -- Compare-and-set on the version. Under READ COMMITTED a concurrent writer blocks on the
        -- row lock, then re-checks the condition against the committed row and updates nothing.
        UPDATE orleans_storage AS s
        SET payloadbinary = p_payloadbinary, version = s.version + 1, modifiedon = now()
        WHERE s.grainidhash = p_grainidhash
          AND s.graintypehash = p_graintypehash
          AND s.serviceid = p_serviceid
          AND s.graintypestring = p_graintypestring
          AND s.grainidn0 = p_grainidn0
          AND s.grainidn1 = p_grainidn1
          AND s.grainidextensionstring IS NOT DISTINCT FROM p_grainidextensionstring
          AND s.version = p_grainstateversion
        RETURNING s.version INTO new_version;
    END IF;

    RETURN new_version;
END;
$$;

INSERT INTO orleansquery (querykey, querytext)
VALUES
    ('ReadFromStorageKey', '
        SELECT payloadbinary, version
        FROM orleans_storage
        WHERE grainidhash = @GrainIdHash
          AND graintypehash = @GrainTypeHash
          AND serviceid = @ServiceId
          AND graintypestring = @GrainTypeString
          AND grainidn0 = @GrainIdN0
          AND grainidn1 = @GrainIdN1
          AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString;'),

    ('WriteToStorageKey', '
        SELECT orleans_storage_write(
            @GrainIdHash, @GrainTypeHash, @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1,
            @GrainIdExtensionString, @GrainStateVersion, @PayloadBinary) AS newgrainstateversion;'),

    -- Clear keeps the row (and so the version sequence) but drops the payload; same
    -- compare-and-set as a write. The scalar sub-select yields NULL when nothing matched.
    ('ClearStorageKey', '
        WITH cleared AS (
            UPDATE orleans_storage
            SET payloadbinary = NULL, version = version + 1, modifiedon = now()
            WHERE grainidhash = @GrainIdHash
              AND graintypehash = @GrainTypeHash
              AND serviceid = @ServiceId
              AND graintypestring = @GrainTypeString
              AND grainidn0 = @GrainIdN0
              AND grainidn1 = @GrainIdN1
              AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString
              AND version = @GrainStateVersion
            RETURNING version)
        SELECT (SELECT version FROM cleared) AS newgrainstateversion;'),

    -- Delete (DeleteStateOnClear = true) removes the row if the version still matches. It
    -- reports old version + 1: any value other than NULL or the sent ETag means success.
    ('DeleteStorageKey', '
        WITH deleted AS (
            DELETE FROM orleans_storage
            WHERE grainidhash = @GrainIdHash
              AND graintypehash = @GrainTypeHash
              AND serviceid = @ServiceId
              AND graintypestring = @GrainTypeString
              AND grainidn0 = @GrainIdN0
              AND grainidn1 = @GrainIdN1
              AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString
              AND version = @GrainStateVersion
            RETURNING version)
        SELECT (SELECT version + 1 FROM deleted) AS newgrainstateversion;')
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;
