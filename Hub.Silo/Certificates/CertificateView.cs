namespace Uptime.Hub.Certificates;

/// <summary>
/// A certificate as the API returns it: <c>DaysLeft</c> is whole days until it expires (negative once expired), as of the
/// answer; <c>SeenAt</c> is when a validator last saw it after a full handshake.
/// </summary>
public sealed record CertificateView(
    Guid WebsiteId,
    string? WebsiteName,
    string WebsiteUrl,
    DateTime ExpiresAt,
    int DaysLeft,
    string Subject,
    string Issuer,
    IReadOnlyList<string> Names,
    DateTime SeenAt,
    Guid SeenBy)
{
    public static CertificateView From(CertificateRecord certificate, DateTime now) => new(
        certificate.WebsiteId,
        certificate.WebsiteName,
        certificate.WebsiteUrl,
        certificate.ExpiresAt,
        DaysUntil(certificate.ExpiresAt, now),
        certificate.Subject,
        certificate.Issuer,
        certificate.Names,
        certificate.SeenAt,
        certificate.ValidatorId);

    public static int DaysUntil(DateTime expiresAt, DateTime now) => (int)Math.Floor((expiresAt - now).TotalDays);
}
