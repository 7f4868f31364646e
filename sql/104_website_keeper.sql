-- Website grains are kept active by each silo's WebsiteKeeper (Hub.Silo/Hosting/WebsiteKeeper.cs), no longer by a
-- "keep-alive" reminder per website: the reminders that hubs before it registered are removed here, so the reminder
-- service does not deliver them to grains that no longer take reminders.
--
-- Idempotent (deletes nothing once they are gone): a database from before the schema_migrations journal runs it once more.

DELETE FROM orleans_reminder WHERE remindername = 'keep-alive' AND grainid LIKE 'website/%';
