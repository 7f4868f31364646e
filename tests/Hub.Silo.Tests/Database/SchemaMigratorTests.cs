using Npgsql;
using Uptime.Hub.Database;
using Uptime.Hub.Websites;

namespace Uptime.Hub.Tests.Database;

/// <summary>The application schema (sql/100_uptime_schema.sql); the Orleans scripts are covered in OrleansAdoNet.</summary>
[Collection(DatabaseCollection.Name)]
public sealed class SchemaMigratorTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    [Fact]
    public void ScriptNames_ApplicationSchema_AppliedAfterTheOrleansScripts()
    {
        var names = SchemaMigrator.ScriptNames.ToList();
        Assert.Equal(["sql/100_uptime_schema.sql", "sql/101_rollups.sql", "sql/102_security.sql", "sql/103_website_status.sql", "sql/104_website_keeper.sql",
            "sql/105_validator_states.sql", "sql/106_maintenance_windows.sql", "sql/107_verdicts.sql", "sql/108_incidents.sql",
            "sql/109_notifications.sql", "sql/110_deeper_checks.sql", "sql/111_push_monitors.sql",
            "sql/112_certificate_warnings.sql", "sql/113_warm_connections.sql"], names[^14..]);
        Assert.All(names[..^14], name => Assert.StartsWith("sql/00", name, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ApplyAsync_Twice_ApplicationTablesAndIndexesExistAndDataSurvives()
    {
        var website = await new WebsiteRepository(database.DataSource).CreateAsync("https://example.com/survives", 30, CancellationToken.None);

        await SchemaMigrator.ApplyAsync(database.DataSource, CancellationToken.None);
        await SchemaMigrator.ApplyAsync(database.DataSource, CancellationToken.None);

        Assert.Equal(
            ["validators", "website_ticks", "websites"],
            await ReadNamesAsync("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename IN ('validators', 'websites', 'website_ticks')"));
        Assert.Equal(
            ["validators_public_key_key", "website_ticks_created_at", "website_ticks_website_time", "websites_created_at"],
            await ReadNamesAsync("SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND indexname IN "
                + "('validators_public_key_key', 'websites_created_at', 'website_ticks_website_time', 'website_ticks_created_at')"));
        Assert.Equal(website, await new WebsiteRepository(database.DataSource).FindAsync(website.Id, CancellationToken.None));
    }

    [Fact]
    public async Task ApplyAsync_LegacyWebsiteKeepAliveReminders_DeletedOthersKept()
    {
        var website = $"website/{Guid.NewGuid():N}";
        var validator = $"validator/{Guid.NewGuid():N}";
        await InsertReminderAsync(website, "keep-alive");
        await InsertReminderAsync(validator, "presence");
        await using (var forget = database.DataSource.CreateCommand("DROP TABLE schema_migrations"))
        {
            // Reminders of hubs before the WebsiteKeeper are only found in databases from before the journal.
            await forget.ExecuteNonQueryAsync();
        }

        await SchemaMigrator.ApplyAsync(database.DataSource, CancellationToken.None);

        Assert.Equal(
            [validator],
            await ReadNamesAsync($"SELECT grainid FROM orleans_reminder WHERE grainid IN ('{website}', '{validator}')"));
    }

    [Theory]
    [InlineData(9)]
    [InlineData(86401)]
    public async Task WebsitesTable_IntervalOutOfRange_RefusedByCheck(int interval)
    {
        var error = await Assert.ThrowsAsync<PostgresException>(() => InsertWebsiteAsync("https://example.com", interval));

        Assert.Equal(PostgresErrorCodes.CheckViolation, error.SqlState);
    }

    [Fact]
    public async Task WebsitesTable_UrlOver2048Characters_RefusedByCheck()
    {
        var error = await Assert.ThrowsAsync<PostgresException>(() => InsertWebsiteAsync("https://example.com/" + new string('a', 2029), 30));

        Assert.Equal(PostgresErrorCodes.CheckViolation, error.SqlState);
    }

    [Fact]
    public async Task WebsiteTicksTable_StatusOtherThanGoodOrBad_RefusedByCheck()
    {
        await using var command = database.DataSource.CreateCommand("""
            INSERT INTO website_ticks (id, website_id, validator_id, "timestamp", status, latency)
            VALUES (gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), now(), 'good', 1)
            """);

        var error = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());

        Assert.Equal(PostgresErrorCodes.CheckViolation, error.SqlState);
    }

    private async Task InsertWebsiteAsync(string url, int interval)
    {
        await using var command = database.DataSource.CreateCommand("INSERT INTO websites (id, url, interval_seconds) VALUES (gen_random_uuid(), $1, $2)");
        command.Parameters.Add(new() { Value = url });
        command.Parameters.Add(new() { Value = interval });
        await command.ExecuteNonQueryAsync();
    }

    private async Task InsertReminderAsync(string grainId, string name)
    {
        await using var command = database.DataSource.CreateCommand("""
            INSERT INTO orleans_reminder (serviceid, grainid, remindername, starttime, period, grainhash, version)
            VALUES ('uptime', $1, $2, now(), 60000, 0, 1)
            """);
        command.Parameters.Add(new() { Value = grainId });
        command.Parameters.Add(new() { Value = name });
        await command.ExecuteNonQueryAsync();
    }

    private async Task<List<string>> ReadNamesAsync(string sql)
    {
        await using var command = database.DataSource.CreateCommand(sql + " ORDER BY 1");
        await using var reader = await command.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }
}
