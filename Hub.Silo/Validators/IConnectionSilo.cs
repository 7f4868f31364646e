namespace Uptime.Hub.Validators;

/// <summary>What a validator session needs from the silo it runs on.</summary>
internal interface IConnectionSilo
{
    /// <summary>The enabled websites, for HEARTBEAT_ACK.</summary>
    int ActiveWebsites { get; }

    /// <summary>The validators connected to the cluster, this connection included once it has joined.</summary>
    int ConnectedValidatorsOnceJoined();

    /// <summary>
    /// Makes this connection a target of the checks the silo dispatches, first sending the still-timely checks due after
    /// <paramref name="lastCheckAt"/> when the validator says it received checks until then on a connection it lost.
    /// </summary>
    void Join(DateTime? lastCheckAt);

    /// <summary>Stops dispatching checks to this connection.</summary>
    void Leave();
}
