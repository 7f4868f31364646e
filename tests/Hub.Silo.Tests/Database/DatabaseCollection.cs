using Uptime.Testing;

namespace Uptime.Hub.Tests.Database;

/// <summary>One PostgreSQL server for the persistence tests; each class gets its own <see cref="MigratedDatabase"/>.</summary>
[CollectionDefinition(Name)]
public sealed class DatabaseCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "Database";
}
