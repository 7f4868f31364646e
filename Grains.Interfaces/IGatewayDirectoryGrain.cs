namespace Uptime.Grains;

/// <summary>
/// Which silos hold validator connections (key: 0). Each silo publishes itself every few seconds and
/// caches the answer, so dispatch never calls this grain per check.
/// </summary>
public interface IGatewayDirectoryGrain : IGrainWithIntegerKey
{
    /// <summary>Records this silo's gateway and returns every gateway published recently.</summary>
    Task<IReadOnlyList<GatewayEntry>> PublishAsync(GatewayEntry entry);

    /// <summary>Forgets a silo that is leaving.</summary>
    Task RemoveAsync(string siloId);
}
