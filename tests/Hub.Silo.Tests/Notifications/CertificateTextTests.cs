using Uptime.Hub.Notifications;

namespace Uptime.Hub.Tests.Notifications;

/// <summary>A certificate warning in the default text, in a group, and through a channel's Liquid templates.</summary>
public sealed class CertificateTextTests
{
    private readonly NotificationTemplates _templates = new();

    [Fact]
    public void Render_Certificate_SaysWhenWhatWhoIssuedAndLinksTheWebsite()
    {
        var (subject, body) = _templates.Render([Samples.CertificateItem()], null, null);

        Assert.Equal("[Certificate] My Shop expires in 7 days (2026-12-14 10:00 UTC)", subject);
        Assert.Equal(
            """
            The TLS certificate of My Shop (https://shop.example.com/) expires in 7 days, at 2026-12-14 10:00:00 UTC.
            Subject: CN=shop.example.com
            Names: shop.example.com, www.shop.example.com
            Issuer: CN=Example Issuing CA, O=Example
            The 7-day warning: once it expires, the website's checks fail and an incident opens.
            Website: https://uptime.example.com/#site=11111111-2222-3333-4444-555555555555
            """.ReplaceLineEndings("\n"),
            body);
    }

    [Theory]
    [InlineData(1, "expires in 1 day")]
    [InlineData(0, "expires within a day")]
    public void Render_LastDays_SaysSoInWords(int daysLeft, string expected)
    {
        var payload = Samples.Certificate() with { Certificate = Samples.Certificate().Certificate! with { DaysLeft = daysLeft, ThresholdDays = 1 } };

        var (subject, _) = _templates.Render([Samples.CertificateItem(payload)], null, null);

        Assert.Equal($"[Certificate] My Shop {expected} (2026-12-14 10:00 UTC)", subject);
    }

    [Fact]
    public void Render_GroupWithAnOutage_OutageFirstThenTheCertificateCounted()
    {
        var (subject, body) = _templates.Render([Samples.CertificateItem(), Samples.Item(Samples.Opened("Blog", "https://blog.example.com/"))], null, null);

        Assert.Equal("1 website down: Blog (and 1 more with expiring certificates)", subject);
        Assert.Contains(
            "CERTIFICATE My Shop https://shop.example.com/: expires in 7 days (2026-12-14 10:00 UTC) https://uptime.example.com/#site=11111111-2222-3333-4444-555555555555",
            body.Split('\n'));
    }

    [Fact]
    public void Render_LiquidTemplate_SeesTheCertificateFields()
    {
        var (subject, body) = _templates.Render(
            [Samples.CertificateItem()],
            "{{ event.kind }}: {{ event.website }} {{ event.certificate.expiresIn }}",
            "{{ event.certificate.daysLeft }}/{{ event.certificate.thresholdDays }} {{ event.certificate.names | join: ',' }} {{ event.certificate.issuer }} {{ event.link }}");

        Assert.Equal("certificate: My Shop expires in 7 days", subject);
        Assert.Equal($"7/7 shop.example.com,www.shop.example.com CN=Example Issuing CA, O=Example {Samples.WebsiteLink}", body);
    }
}
