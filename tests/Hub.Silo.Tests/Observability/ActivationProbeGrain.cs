namespace Uptime.Hub.Tests.Observability;

public interface IActivationProbeGrain : IGrainWithGuidKey
{
    Task PingAsync();

    Task DeactivateAsync();
}

/// <summary>A grain whose activations <see cref="GrainActivationCountTests"/> counts through Orleans' own meter.</summary>
[GrainType("uptime-test-activation-probe")]
public sealed class ActivationProbeGrain : Grain, IActivationProbeGrain
{
    public Task PingAsync() => Task.CompletedTask;

    public Task DeactivateAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
