using Orleans.Concurrency;

namespace Uptime.Grains;

/// <summary>The socket of one validator, on the silo that holds it (a grain observer).</summary>
public interface IValidatorConnection : IGrainObserver
{
    /// <summary>Closes the socket; one-way, so a call to a connection on a dead silo never blocks the caller.</summary>
    [OneWay]
    Task CloseAsync(string reason);

    /// <summary>An operator banned the validator: the socket gets an ERROR naming the ban and is closed at once; one-way.</summary>
    [OneWay]
    Task BannedAsync(string? reason);
}
