-- Orleans ADO.NET providers: the query registry.
--
-- The Orleans ADO.NET providers (clustering, persistence, reminders; invariant "Npgsql") ship no
-- SQL. At start-up each provider runs `SELECT QueryKey, QueryText FROM OrleansQuery` and from then
-- on executes the statement text stored under a fixed key, binding its own parameters by name
-- (@DeploymentId, @Version, ...). The statements and the tables they use are defined in
-- 002_orleans_clustering.sql, 003_orleans_persistence.sql and 004_orleans_reminders.sql.
--
-- Every script in sql/ is applied once, in file-name order (one transaction per file, under an
-- advisory lock), and recorded with its checksum in schema_migrations: a recorded script must not
-- change. The scripts up to 104 are also idempotent, since a database from before that journal
-- runs them once more.
--
-- The unquoted names fold to lower case: the provider's unquoted `OrleansQuery`, `QueryKey` and
-- `QueryText` resolve to them, and Npgsql matches the result column names the provider asks for
-- ("QueryKey", "QueryText") case-insensitively when no exact match exists.

CREATE TABLE IF NOT EXISTS orleansquery
(
    querykey  varchar(64) NOT NULL PRIMARY KEY,
    querytext text        NOT NULL
);
