using Npgsql;
using Uptime.EndToEnd.Tests.Infrastructure;
using Uptime.Hub.Database;
using Uptime.Testing;

namespace Uptime.EndToEnd.Tests;

/// <summary>A hub refuses a database whose schema_migrations journal disagrees with its sql/ scripts, in one line.</summary>
[Collection(HubCollection.Name)]
public sealed class SchemaStartupFailureTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Hub_JournalledScriptChanged_OneErrorLineNamingTheScript()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        await using (var dataSource = NpgsqlDataSource.Create(connectionString))
        {
            await SchemaMigrator.ApplyAsync(dataSource, CancellationToken.None);
            await using var edit = dataSource.CreateCommand("UPDATE schema_migrations SET checksum = 'edited' WHERE name = 'sql/101_rollups.sql'");
            await edit.ExecuteNonQueryAsync();
        }

        var environment = HubProcess.Environment(HubProcess.ToDatabaseUrl(connectionString), FreePort.Next());
        var (exitCode, errorLines, output) = await StartupFailureTests.RunHubToExitAsync(environment);

        Assert.True(exitCode != 0, $"exit code 0{output}");
        var line = Assert.Single(errorLines);
        Assert.StartsWith("❌", line, StringComparison.Ordinal);
        Assert.Contains("sql/101_rollups.sql was changed after it was applied: its checksum is ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }
}
