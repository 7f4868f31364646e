namespace Uptime.Hub.Certificates;

/// <summary>When a website's certificate is announced as expiring (a <c>certificate</c> notification event).</summary>
public sealed class CertificateWarningOptions
{
    /// <summary>
    /// The days-left thresholds, largest first: a certificate with at most that many whole days left is announced once per
    /// threshold (the tightest one crossed). Empty (<c>off</c>): no warnings.
    /// </summary>
    [ConfigurationKeyName("HUB_CERT_WARN_DAYS"), WarnDaysSetting]
    public int[] Days { get; set; } = [30, 14, 7, 1];
}
