using Uptime.Hub.Validators;

namespace Uptime.Hub.Tests.Validators;

public sealed class ConnectionLimitsTests
{
    [Fact]
    public void OpenConnection_UpToTheCapPerIp_ThenRefusedUntilOneCloses()
    {
        using var limits = Limits(new() { MaxConnectionsPerIp = 2 });
        using var first = limits.OpenConnection("203.0.113.7");
        using var second = limits.OpenConnection("203.0.113.7");

        using (var third = limits.OpenConnection("203.0.113.7"))
        {
            Assert.True(first.IsAcquired && second.IsAcquired);
            Assert.False(third.IsAcquired);
        }

        using var otherIp = limits.OpenConnection("198.51.100.1");
        Assert.True(otherIp.IsAcquired);
        first.Dispose();
        using var afterClose = limits.OpenConnection("203.0.113.7");
        Assert.True(afterClose.IsAcquired);
    }

    [Fact]
    public void TryRegister_UpToTheLimitPerIp_ThenRefused()
    {
        using var limits = Limits(new() { RegistrationsPerIpPerMinute = 3 });

        var attempts = Enumerable.Range(0, 4).Select(_ => limits.TryRegister("203.0.113.7")).ToList();

        Assert.Equal([true, true, true, false], attempts);
        Assert.True(limits.TryRegister("198.51.100.1"));
    }

    [Fact]
    public void Limits_Zero_Off()
    {
        using var limits = Limits(new() { MaxConnectionsPerIp = 0, RegistrationsPerIpPerMinute = 0, MaxMessagesPerSecond = 0 });

        var leases = Enumerable.Range(0, 1000).Select(_ => limits.OpenConnection("203.0.113.7")).ToList();

        Assert.All(leases, lease => Assert.True(lease.IsAcquired));
        Assert.All(Enumerable.Range(0, 1000), _ => Assert.True(limits.TryRegister("203.0.113.7")));
        Assert.Null(limits.NewMessageGuard());
        leases.ForEach(lease => lease.Dispose());
    }

    [Fact]
    public void NewMessageGuard_RateSet_OneGuardPerConnection()
    {
        using var limits = Limits(new() { MaxMessagesPerSecond = 1 });
        using var first = limits.NewMessageGuard();
        using var second = limits.NewMessageGuard();

        Assert.Equal(MessageVerdict.Accepted, first!.Admit());
        Assert.Equal(MessageVerdict.Refused, first.Admit());
        Assert.Equal(MessageVerdict.Accepted, second!.Admit());
    }

    private static ConnectionLimits Limits(ValidatorSecurityOptions gateway) => new(gateway, TimeProvider.System);
}
