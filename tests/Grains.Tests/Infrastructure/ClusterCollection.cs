namespace Uptime.Grains.Tests.Infrastructure;

/// <summary>The grain test classes share one silo and run one after another (they also share its fake clock).</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "Orleans cluster";
}
