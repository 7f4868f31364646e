using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Uptime.Hub.Hosting;
using Uptime.Hub.Websites;

namespace Uptime.Hub.Certificates;

/// <summary>The certificates of HTTPS websites as validators last saw them: one website's, and those expiring soon.</summary>
public static class CertificatesApi
{
    public const int DefaultExpiringWithinDays = 30;

    public static IEndpointRouteBuilder MapCertificatesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/websites/{id}/certificate", GetAsync).WithTags("Certificates")
            .WithName("GetWebsiteCertificate").WithSummary("The website's TLS certificate as validators last saw it after a full handshake.");
        app.MapGet("/api/certificates", ListExpiringAsync).WithTags("Certificates").ProducesValidationProblem()
            .WithName("ListExpiringCertificates").WithSummary("Certificates expiring within ?withinDays= (default 30), soonest first, expired ones included.");
        return app;
    }

    public static async Task<Results<Ok<CertificateView>, NotFoundProblem>> GetAsync(
        Guid id, CertificateQueries certificates, WebsiteRepository websites, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await certificates.FindAsync(id, cancellationToken) is { } certificate)
        {
            return TypedResults.Ok(CertificateView.From(certificate, time.GetUtcNow().UtcDateTime));
        }

        return await websites.FindAsync(id, cancellationToken) is null
            ? new NotFoundProblem($"website {id}")
            : new NotFoundProblem($"a certificate of website {id} (none seen yet: not an https:// website, or no full handshake reported)");
    }

    public static async Task<Ok<CertificateView[]>> ListExpiringAsync(
        [Range(0, 3650, ErrorMessage = "{0} must be between {1} and {2}")] int? withinDays,
        [Range(1, Paging.MaxLimit, ErrorMessage = "{0} must be between {1} and {2}")] int? limit,
        CertificateQueries certificates,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var expiring = await certificates.ExpiringAsync(now.AddDays(withinDays ?? DefaultExpiringWithinDays), limit ?? Paging.MaxLimit, cancellationToken);
        return TypedResults.Ok(expiring.Select(c => CertificateView.From(c, now)).ToArray());
    }
}
