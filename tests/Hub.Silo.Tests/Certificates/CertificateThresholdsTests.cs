using Microsoft.Extensions.Time.Testing;
using Uptime.Hub.Certificates;

namespace Uptime.Hub.Tests.Certificates;

/// <summary>Which warning a certificate is due as days pass (a fake clock): the tightest threshold crossed, once each.</summary>
public sealed class CertificateThresholdsTests
{
    private static readonly DateTime Start = new(2026, 12, 7, 9, 0, 0, DateTimeKind.Utc);
    private static readonly int[] Defaults = [30, 14, 7, 1];

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
        Assert.Equal(expected, CertificateThresholds.Due(Start.AddDays(daysLeft), Start, null, Defaults));
    }

    [Fact]
    public void Due_DaysPass_EachThresholdOnceThenNothingOnceExpired()
    {
        var clock = new FakeTimeProvider(Start);
        var expiresAt = Start.AddDays(40);
        int? warned = null;
        var given = new List<(int DaysLeft, int Threshold)>();

        while (clock.GetUtcNow().UtcDateTime < expiresAt.AddDays(2))
        {
            var now = clock.GetUtcNow().UtcDateTime;
            if (CertificateThresholds.Due(expiresAt, now, warned, Defaults) is { } threshold)
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
        Assert.Null(CertificateThresholds.Due(Start.AddDays(5), Start, 7, Defaults));
        Assert.Null(CertificateThresholds.Due(Start.AddDays(2), Start, 7, Defaults));
        Assert.Equal(1, CertificateThresholds.Due(Start.AddDays(1.9), Start, 7, Defaults));
    }

    [Fact]
    public void Due_RenewedCertificate_NothingWarnedYet_StartsOver()
    {
        Assert.Null(CertificateThresholds.Due(Start.AddDays(6), Start, 7, Defaults));
        Assert.Equal(7, CertificateThresholds.Due(Start.AddDays(6), Start, null, Defaults));
    }

    [Fact]
    public void Due_Expired_Nothing()
    {
        Assert.Null(CertificateThresholds.Due(Start, Start, null, Defaults));
        Assert.Null(CertificateThresholds.Due(Start.AddMinutes(-1), Start, 7, Defaults));
    }

    [Fact]
    public void Due_Off_Nothing()
    {
        Assert.Null(CertificateThresholds.Due(Start.AddDays(1), Start, null, []));
    }
}
