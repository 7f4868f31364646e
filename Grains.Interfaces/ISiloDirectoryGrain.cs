namespace Uptime.Grains;

/// <summary>
/// Which silos hold validator connections (key: 0). Each silo publishes itself every few seconds and
/// caches the answer, so dispatch never calls this grain per check.
/// </summary>
public interface ISiloDirectoryGrain : IGrainWithIntegerKey
{
    /// <summary>Records this silo's relay and returns every relay published recently.</summary>
    Task<IReadOnlyList<SiloEntry>> PublishAsync(SiloEntry entry);

    /// <summary>Forgets a silo that is leaving.</summary>
    Task RemoveAsync(string siloId);
}
