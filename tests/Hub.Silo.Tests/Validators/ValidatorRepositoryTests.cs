using Uptime.Grains;
using Uptime.Hub.Tests.Database;
using Uptime.Hub.Validators;

namespace Uptime.Hub.Tests.Validators;

[Collection(DatabaseCollection.Name)]
public sealed class ValidatorRepositoryTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    [Fact]
    public async Task ListAsync_EmptyTable_Empty()
    {
        Assert.Empty(await new ValidatorRepository(database.DataSource).ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ListAsync_SeveralValidators_OrderedByCreatedAt()
    {
        // Its own database: the list covers every validator.
        await using var dataSource = await MigratedDatabase.CreateAsync(database.Server);
        var store = new PostgresValidatorStore(dataSource);
        var origin = new DateTime(2025, 11, 20, 8, 0, 0, DateTimeKind.Utc);
        var ids = new[] { Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid() };
        await store.RegisterAsync(ids[0], new ValidatorIdentity("0x01", "b", "192.0.2.2"), ValidatorState.Active, origin.AddMinutes(2), CancellationToken.None);
        await store.RegisterAsync(ids[1], new ValidatorIdentity("0x02", "a", "192.0.2.1"), ValidatorState.Active, origin, CancellationToken.None);
        await store.RegisterAsync(ids[2], new ValidatorIdentity("0x03", "c", "192.0.2.3"), ValidatorState.Active, origin.AddMinutes(1), CancellationToken.None);
        await store.MarkOfflineAsync(ids[2], origin.AddMinutes(3), CancellationToken.None);

        var listed = await new ValidatorRepository(dataSource).ListAsync(CancellationToken.None);

        Assert.Equal(
            [
                new ValidatorRecord(ids[1], "0x02", "a", "192.0.2.1", true, origin, origin, 0, "active", null, null, null, false, null, null),
                new ValidatorRecord(ids[2], "0x03", "c", "192.0.2.3", false, origin.AddMinutes(1), origin.AddMinutes(1), 0, "active", null, null, null, false, null, null),
                new ValidatorRecord(ids[0], "0x01", "b", "192.0.2.2", true, origin.AddMinutes(2), origin.AddMinutes(2), 0, "active", null, null, null, false, null, null),
            ],
            listed);
    }
}
