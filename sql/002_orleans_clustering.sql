-- Orleans ADO.NET clustering (Microsoft.Orleans.Clustering.AdoNet 10.4.2) on PostgreSQL.
--
-- Contract (what the provider binds and reads):
-- * Parameters: @DeploymentId (the cluster id), a silo's key @Address (text) / @Port / @Generation,
--   @SiloName, @HostName, @Status (SiloStatus as int; Active = 3, Dead = 6), @ProxyPort,
--   @StartTime, @IAmAliveTime (UTC), @SuspectTimes ("silo,date|silo,date" text) and @Version.
-- * @Version is the table version the caller read (its ETag). Every change to a member row
--   except the I-am-alive heartbeat must be conditional on it and must bump it, atomically:
--   that is the optimistic concurrency the membership protocol relies on.
-- * Insert/update/version-insert statements return one row with one boolean column; false means
--   "not applied" (stale version, or the row already exists / does not exist), never an error.
-- * Read statements return columns named Version, Address, Port, Generation, SiloName, HostName,
--   Status, ProxyPort, SuspectTimes, StartTime, IAmAliveTime (read by name; Npgsql falls back to
--   a case-insensitive match, so the lower-case column names below satisfy it). They must return
--   at least one row whenever the version row exists: the provider takes the table version from
--   the first row, and a row with a NULL StartTime means "version only, no member".
--
-- Idempotent: a database from before the schema_migrations journal runs it once more.

-- One row per cluster: the membership table version. Members reference it so that deleting a
-- cluster's version row removes its members too.
CREATE TABLE IF NOT EXISTS orleans_membership_version
(
    deploymentid varchar(150) NOT NULL PRIMARY KEY,
    version      integer      NOT NULL DEFAULT 0,
    modifiedon   timestamptz  NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS orleans_membership
(
    deploymentid varchar(150) NOT NULL
        REFERENCES orleans_membership_version (deploymentid) ON DELETE CASCADE,
    address      varchar(45)  NOT NULL,
    port         integer      NOT NULL,
    generation   integer      NOT NULL,
    siloname     varchar(150) NOT NULL,
    hostname     varchar(150) NOT NULL,
    status       integer      NOT NULL,
    proxyport    integer      NOT NULL,
    suspecttimes text         NULL,
    starttime    timestamptz  NOT NULL,
    iamalivetime timestamptz  NOT NULL,
    PRIMARY KEY (deploymentid, address, port, generation)
);

-- Inserts a silo row if, and only if, the table version is still p_version; bumps the version in
-- the same transaction. The version row is locked first (FOR UPDATE), so concurrent writers for
-- the same cluster are serialized and the second one sees the bumped version and returns false.
CREATE OR REPLACE FUNCTION orleans_membership_insert(
    p_deploymentid text,
    p_version      integer,
    p_address      text,
    p_port         integer,
    p_generation   integer,
    p_siloname     text,
    p_hostname     text,
    p_status       integer,
    p_proxyport    integer,
    p_starttime    timestamptz,
    p_iamalivetime timestamptz)
    RETURNS boolean
    LANGUAGE plpgsql
AS
$$
DECLARE
    current_version integer;
BEGIN
    SELECT v.version INTO current_version
    FROM orleans_membership_version AS v
    WHERE v.deploymentid = p_deploymentid
    FOR UPDATE;

    IF current_version IS DISTINCT FROM p_version THEN
        RETURN false; -- stale ETag (or no version row): the caller re-reads and retries
    END IF;

    INSERT INTO orleans_membership
        (deploymentid, address, port, generation, siloname, hostname, status, proxyport,
         suspecttimes, starttime, iamalivetime)
    VALUES
        (p_deploymentid, p_address, p_port, p_generation, p_siloname, p_hostname, p_status,
         p_proxyport, NULL, p_starttime, p_iamalivetime)
    ON CONFLICT DO NOTHING;

    IF NOT FOUND THEN
        RETURN false; -- this silo (address, port, generation) is already registered
    END IF;

    UPDATE orleans_membership_version AS v
    SET version = v.version + 1, modifiedon = now()
    WHERE v.deploymentid = p_deploymentid;

    RETURN true;
END;
$$;

-- Updates a silo's status, suspect votes and heartbeat if, and only if, the table version is
-- still p_version; bumps the version. Same locking as orleans_membership_insert.
CREATE OR REPLACE FUNCTION orleans_membership_update(
    p_deploymentid text,
    p_version      integer,
    p_address      text,
    p_port         integer,
    p_generation   integer,
    p_status       integer,
    p_suspecttimes text,
    p_iamalivetime timestamptz)
    RETURNS boolean
    LANGUAGE plpgsql
AS
$$
DECLARE
    current_version integer;
BEGIN
    SELECT v.version INTO current_version
    FROM orleans_membership_version AS v
    WHERE v.deploymentid = p_deploymentid
    FOR UPDATE;

    IF current_version IS DISTINCT FROM p_version THEN
        RETURN false; -- stale ETag: someone changed the table since the caller read it
    END IF;

    UPDATE orleans_membership AS m
    SET status = p_status, suspecttimes = p_suspecttimes, iamalivetime = p_iamalivetime
    WHERE m.deploymentid = p_deploymentid
      AND m.address = p_address
      AND m.port = p_port
      AND m.generation = p_generation;

    IF NOT FOUND THEN
        RETURN false; -- no such silo row; leave the version untouched
    END IF;

    UPDATE orleans_membership_version AS v
    SET version = v.version + 1, modifiedon = now()
    WHERE v.deploymentid = p_deploymentid;

    RETURN true;
END;
$$;

INSERT INTO orleansquery (querykey, querytext)
VALUES
    -- Creates the cluster's version row once; true only for the caller that created it.
    ('InsertMembershipVersionKey', '
        WITH inserted AS (
            INSERT INTO orleans_membership_version (deploymentid, version, modifiedon)
            VALUES (@DeploymentId, 0, now())
            ON CONFLICT (deploymentid) DO NOTHING
            RETURNING 1)
        SELECT EXISTS (SELECT 1 FROM inserted);'),

    ('InsertMembershipKey', '
        SELECT orleans_membership_insert(
            @DeploymentId, @Version, @Address, @Port, @Generation, @SiloName, @HostName,
            @Status, @ProxyPort, @StartTime, @IAmAliveTime);'),

    ('UpdateMembershipKey', '
        SELECT orleans_membership_update(
            @DeploymentId, @Version, @Address, @Port, @Generation, @Status, @SuspectTimes,
            @IAmAliveTime);'),

    -- The heartbeat is deliberately NOT versioned: it must not invalidate other silos' ETags.
    ('UpdateIAmAlivetimeKey', '
        UPDATE orleans_membership
        SET iamalivetime = @IAmAliveTime
        WHERE deploymentid = @DeploymentId
          AND address = @Address
          AND port = @Port
          AND generation = @Generation;'),

    -- Gateways for clients: active silos that have a gateway (proxy) port.
    ('GatewaysQueryKey', '
        SELECT address, proxyport, generation
        FROM orleans_membership
        WHERE deploymentid = @DeploymentId
          AND status = @Status
          AND proxyport > 0;'),

    -- One consistent snapshot (a single statement) of the version and the silo row; the LEFT
    -- JOIN keeps the version row when the silo is not there.
    ('MembershipReadRowKey', '
        SELECT v.version, m.address, m.port, m.generation, m.siloname, m.hostname, m.status,
               m.proxyport, m.suspecttimes, m.starttime, m.iamalivetime
        FROM orleans_membership_version AS v
        LEFT JOIN orleans_membership AS m
            ON m.deploymentid = v.deploymentid
           AND m.address = @Address
           AND m.port = @Port
           AND m.generation = @Generation
        WHERE v.deploymentid = @DeploymentId;'),

    ('MembershipReadAllKey', '
        SELECT v.version, m.address, m.port, m.generation, m.siloname, m.hostname, m.status,
               m.proxyport, m.suspecttimes, m.starttime, m.iamalivetime
        FROM orleans_membership_version AS v
        LEFT JOIN orleans_membership AS m
            ON m.deploymentid = v.deploymentid
        WHERE v.deploymentid = @DeploymentId;'),

    -- Removes the whole cluster: the version row, and its members through ON DELETE CASCADE.
    ('DeleteMembershipTableEntriesKey', '
        DELETE FROM orleans_membership_version
        WHERE deploymentid = @DeploymentId;'),

    -- Housekeeping of dead silos whose last heartbeat is older than the cut-off. Not versioned:
    -- a Dead row never becomes live again (a restarted silo gets a new generation, a new row).
    ('CleanupDefunctSiloEntriesKey', '
        DELETE FROM orleans_membership
        WHERE deploymentid = @DeploymentId
          AND iamalivetime < @IAmAliveTime
          AND status = 6;')
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;
