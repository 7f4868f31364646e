namespace Uptime.Grains.Tests.Infrastructure;

/// <summary>A validator's socket as the grain sees it (an observer on the test client), recording why it was closed.</summary>
public sealed class RecordingConnection : IValidatorConnection
{
    public AwaitableLog<string> CloseReasons { get; } = new();

    public Task CloseAsync(string reason)
    {
        CloseReasons.Add(reason);
        return Task.CompletedTask;
    }

    /// <summary>The ban reasons the grain sent, null for a ban without a reason.</summary>
    public AwaitableLog<string?> Bans { get; } = new();

    public Task BannedAsync(string? reason)
    {
        Bans.Add(reason);
        return Task.CompletedTask;
    }

    public async Task<string> WaitForCloseAsync(string what)
    {
        var reasons = await CloseReasons.WaitForAsync(all => all.Count > 0, what);
        return reasons[0];
    }
}
