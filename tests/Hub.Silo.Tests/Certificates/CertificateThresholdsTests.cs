using Microsoft.Extensions.Time.Testing;
using Uptime.Hub.Certificates;

namespace Uptime.Hub.Tests.Certificates;

/// <summary>Which warning a certificate is due as days pass (a fake clock): the tightest threshold crossed, once each.</summary>
public sealed class CertificateThresholdsTests
{
    private static readonly DateTime _start = new(2026, 12, 7, 9, 0, 0, DateTimeKind.Utc);
    private static readonly int[] _defaults = [30, 14, 7, 1];

    [Theory]
    [InlineData(45, null)]
    [InlineData(31, null)]
    [InlineData(30.5, 30)]
    [InlineData(20, 30)]
    [InlineData(14.9, 14)]
    [InlineData(5, 7)]
    [InlineData(1.5, 1)]
    [InlineData(0.2, 1)]
    public void Due_FirstSeen_TightestThresholdCrossedOnly(double daysLeft, int? expected)
    {
        Assert.Equal(expected, CertificateThresholds.Due(_start.AddDays(daysLeft), _start, null, _defaults));
    }

    [Fact]
    public void Due_DaysPass_EachThresholdOnceThenNothingOnceExpired()
    {
        var clock = new FakeTimeProvider(_start);
        var expiresAt = _start.AddDays(40);
        int? warned = null;
        var given = new List<(int DaysLeft, int Threshold)>();

        while (clock.GetUtcNow().UtcDateTime < expiresAt.AddDays(2))
        {
            var now = clock.GetUtcNow().UtcDateTime;
            if (CertificateThresholds.Due(expiresAt, now, warned, _defaults) is { } threshold)
            {
                given.Add((CertificateView.DaysUntil(expiresAt, now), threshold));
                warned = threshold;
            }

            clock.Advance(TimeSpan.FromHours(1));
        }

        Assert.Equal([(30, 30), (14, 14), (7, 7), (1, 1)], given);
    }

    [Fact]
    public void Due_WarnedAt7_NothingUntilTheNextThreshold()
    {
        Assert.Null(CertificateThresholds.Due(_start.AddDays(5), _start, 7, _defaults));
        Assert.Null(CertificateThresholds.Due(_start.AddDays(2), _start, 7, _defaults));
        Assert.Equal(1, CertificateThresholds.Due(_start.AddDays(1.9), _start, 7, _defaults));
    }

    [Fact]
    public void Due_RenewedCertificate_NothingWarnedYet_StartsOver()
    {
        Assert.Null(CertificateThresholds.Due(_start.AddDays(6), _start, 7, _defaults));
        Assert.Equal(7, CertificateThresholds.Due(_start.AddDays(6), _start, null, _defaults));
    }

    [Fact]
    public void Due_Expired_Nothing()
    {
        Assert.Null(CertificateThresholds.Due(_start, _start, null, _defaults));
        Assert.Null(CertificateThresholds.Due(_start.AddMinutes(-1), _start, 7, _defaults));
    }

    [Fact]
    public void Due_Off_Nothing()
    {
        Assert.Null(CertificateThresholds.Due(_start.AddDays(1), _start, null, []));
    }
}
