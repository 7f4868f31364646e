using Npgsql;
using Uptime.Hub.Database;
using Uptime.Hub.Tests.Ticks;
using Uptime.Hub.Websites;
using Uptime.Testing;

namespace Uptime.Hub.Tests.Database;

/// <summary>The schema_migrations journal of <see cref="SchemaMigrator"/>: each script once, in order, checksummed.</summary>
[Collection(DatabaseCollection.Name)]
public sealed class SchemaJournalTests(PostgresFixture postgres)
{
    [Fact]
    public async Task ApplyAsync_NewDatabase_AppliesAndJournalsEveryScriptOnceThenNothing()
    {
        await using var dataSource = NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync());

        var first = await SchemaMigrator.ApplyAsync(dataSource, CancellationToken.None);
        var second = await SchemaMigrator.ApplyAsync(dataSource, CancellationToken.None);

        Assert.Equal(SchemaMigrator.ScriptNames, first);
        Assert.Empty(second);
        Assert.Equal(await EmbeddedChecksumsAsync(), await ReadJournalAsync(dataSource));
    }

    [Fact]
    public async Task ApplyAsync_DatabaseMadeWithoutJournal_JournalsEveryScriptAndKeepsData()
    {
        await using var dataSource = NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync());
        await ApplyWithoutJournalAsync(dataSource);
        var website = await new WebsiteRepository(dataSource).CreateAsync("https://example.com/kept", 30, CancellationToken.None);
        var tick = TestTicks.Create(website.Id, 1)[0];
        await TestTicks.InsertAsync(dataSource, tick);

        var adopted = await SchemaMigrator.ApplyAsync(dataSource, CancellationToken.None);

        Assert.Equal(SchemaMigrator.ScriptNames, adopted);
        Assert.Equal(await EmbeddedChecksumsAsync(), await ReadJournalAsync(dataSource));
        Assert.Equal(website, await new WebsiteRepository(dataSource).FindAsync(website.Id, CancellationToken.None));
        Assert.Equal(tick, Assert.Single(await TestTicks.ReadAsync(dataSource, website.Id)).Value);
        Assert.Empty(await SchemaMigrator.ApplyAsync(dataSource, CancellationToken.None));
    }

    [Fact]
    public async Task ApplyAsync_JournalledScriptChanged_FailsWithOneLineNamingTheScript()
    {
        await using var dataSource = await MigratedDatabase.CreateAsync(postgres.Server);
        await ExecuteAsync(dataSource, "UPDATE schema_migrations SET checksum = 'edited' WHERE name = 'sql/102_security.sql'");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => SchemaMigrator.ApplyAsync(dataSource, CancellationToken.None));

        Assert.StartsWith("sql/102_security.sql was changed after it was applied: its checksum is ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Null(error.InnerException);
    }

    [Fact]
    public async Task ApplyAsync_MissingScriptSortsBeforeAJournalledOne_FailsNamingBoth()
    {
        await using var dataSource = await MigratedDatabase.CreateAsync(postgres.Server);
        await ExecuteAsync(dataSource, "DELETE FROM schema_migrations WHERE name = 'sql/102_security.sql'");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => SchemaMigrator.ApplyAsync(dataSource, CancellationToken.None));

        Assert.Equal(
            "sql/102_security.sql is not in schema_migrations but sorts before sql/105_maintenance_windows.sql, which is; "
            + "a new script must sort after every applied one.",
            error.Message);
    }

    [Fact]
    public async Task ApplyAsync_TwoSilosAtOnce_EachScriptAppliedAndJournalledExactlyOnce()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        await using var first = NpgsqlDataSource.Create(connectionString);
        await using var second = NpgsqlDataSource.Create(connectionString);

        var applied = await Task.WhenAll(
            SchemaMigrator.ApplyAsync(first, CancellationToken.None),
            SchemaMigrator.ApplyAsync(second, CancellationToken.None));

        Assert.Equal(SchemaMigrator.ScriptNames, applied.SelectMany(names => names).Order(StringComparer.Ordinal));
        Assert.Equal(await EmbeddedChecksumsAsync(), await ReadJournalAsync(first));
    }

    /// <summary>What the migrator did before the journal: every script in its own transaction, on every start.</summary>
    private static async Task ApplyWithoutJournalAsync(NpgsqlDataSource dataSource)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        foreach (var name in SchemaMigrator.ScriptNames)
        {
            await using var transaction = await connection.BeginTransactionAsync();
            await using var command = new NpgsqlCommand(await ReadScriptAsync(name), connection, transaction);
            await command.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
        }
    }

    private static async Task<List<(string Name, string Checksum)>> EmbeddedChecksumsAsync()
    {
        var checksums = new List<(string, string)>();
        foreach (var name in SchemaMigrator.ScriptNames)
        {
            checksums.Add((name, SchemaMigrator.Checksum(await ReadScriptAsync(name))));
        }

        return checksums;
    }

    private static async Task<string> ReadScriptAsync(string name)
    {
        await using var stream = typeof(SchemaMigrator).Assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }

    private static async Task<List<(string Name, string Checksum)>> ReadJournalAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("SELECT name, checksum FROM schema_migrations ORDER BY name COLLATE \"C\"");
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, string)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1)));
        }

        return rows;
    }

    private static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
