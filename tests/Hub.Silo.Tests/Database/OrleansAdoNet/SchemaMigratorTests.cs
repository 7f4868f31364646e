using Npgsql;
using Uptime.Hub.Database;

namespace Uptime.Hub.Tests.Database.OrleansAdoNet;

[Collection(OrleansAdoNetCollection.Name)]
public sealed class SchemaMigratorTests(OrleansAdoNetFixture fixture)
{
    private static readonly string[] _orleansQueryKeys =
    [
        "UpdateIAmAlivetimeKey", "InsertMembershipVersionKey", "InsertMembershipKey", "UpdateMembershipKey",
        "GatewaysQueryKey", "MembershipReadRowKey", "MembershipReadAllKey", "DeleteMembershipTableEntriesKey",
        "CleanupDefunctSiloEntriesKey",
        "WriteToStorageKey", "ReadFromStorageKey", "ClearStorageKey", "DeleteStorageKey",
        "UpsertReminderRowKey", "ReadReminderRowsKey", "ReadReminderRowKey", "ReadRangeRows1Key", "ReadRangeRows2Key",
        "DeleteReminderRowKey", "DeleteReminderRowsKey",
    ];

    [Fact]
    public void ScriptNames_EmbeddedSqlFiles_OrderedByFileName()
    {
        Assert.Contains("sql/001_orleans_main.sql", SchemaMigrator.ScriptNames);
        Assert.Equal(SchemaMigrator.ScriptNames.Order(StringComparer.Ordinal), SchemaMigrator.ScriptNames);
        Assert.Equal("sql/001_orleans_main.sql", SchemaMigrator.ScriptNames[0]);
    }

    [Fact]
    public async Task ApplyAsync_SeveralSilosAtOnceAndAgain_SucceedsWithEveryOrleansQuery()
    {
        var connectionString = await fixture.Server.CreateDatabaseAsync();
        var dataSources = Enumerable.Range(0, 3).Select(_ => NpgsqlDataSource.Create(connectionString)).ToArray();
        try
        {
            // Silos starting together: the advisory lock serializes them; each script is applied once.
            await Task.WhenAll(dataSources.Select(d => SchemaMigrator.ApplyAsync(d, CancellationToken.None)));
            await SchemaMigrator.ApplyAsync(dataSources[0], CancellationToken.None);

            var keys = new List<string>();
            await using var command = dataSources[0].CreateCommand("SELECT querykey FROM orleansquery");
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                keys.Add(reader.GetString(0));
            }

            Assert.Equal(_orleansQueryKeys.Order(StringComparer.Ordinal), keys.Order(StringComparer.Ordinal));
        }
        finally
        {
            foreach (var dataSource in dataSources)
            {
                await dataSource.DisposeAsync();
            }
        }
    }
}
