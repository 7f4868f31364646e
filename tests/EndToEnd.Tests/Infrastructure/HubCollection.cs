using Uptime.Testing;

namespace Uptime.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The test classes that run hubs: they share one PostgreSQL server (each hub gets a database of its own) and
/// run one after the other, so at most one hub and its agents load the machine at a time.
/// </summary>
[CollectionDefinition(Name)]
public sealed class HubCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "Hubs on the shared PostgreSQL server";
}
