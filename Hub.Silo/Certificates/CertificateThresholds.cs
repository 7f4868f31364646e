namespace Uptime.Hub.Certificates;

/// <summary>Which expiry warning a certificate is due, if any.</summary>
public static class CertificateThresholds
{
    /// <summary>
    /// The tightest threshold (days) that the certificate's whole days left have reached and that is below
    /// <paramref name="warnedDays"/> (the smallest already announced for this certificate; null: none was), or null: nothing
    /// new to say. An expired certificate gets none: its checks are Bad, and the incident says so.
    /// </summary>
    public static int? Due(DateTime expiresAt, DateTime now, int? warnedDays, IReadOnlyCollection<int> thresholds)
    {
        if (expiresAt <= now)
        {
            return null;
        }

        var daysLeft = CertificateView.DaysUntil(expiresAt, now);
        var crossed = thresholds.Where(t => daysLeft <= t).DefaultIfEmpty(int.MaxValue).Min();
        return crossed != int.MaxValue && crossed < (warnedDays ?? int.MaxValue) ? crossed : null;
    }
}
