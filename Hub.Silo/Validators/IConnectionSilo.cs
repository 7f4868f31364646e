namespace Uptime.Hub.Validators;

/// <summary>What a validator session needs from the silo it runs on.</summary>
internal interface IConnectionSilo
{
    /// <summary>The enabled websites, for HEARTBEAT_ACK.</summary>
    int ActiveWebsites { get; }

    /// <summary>The validators connected to the cluster, this connection included once it has joined.</summary>
    int ConnectedValidatorsOnceJoined();

    /// <summary>Makes this connection a target of the checks the silo dispatches.</summary>
    void Join();

    /// <summary>Stops dispatching checks to this connection.</summary>
    void Leave();
}
