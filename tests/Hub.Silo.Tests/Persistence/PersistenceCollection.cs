using Uptime.Testing;

namespace Uptime.Hub.Tests.Persistence;

/// <summary>One PostgreSQL server for the persistence tests; each class gets its own <see cref="MigratedDatabase"/>.</summary>
[CollectionDefinition(Name)]
public sealed class PersistenceCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "Persistence";
}
