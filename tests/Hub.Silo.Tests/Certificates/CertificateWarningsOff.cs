using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Uptime.Hub.Certificates;

namespace Uptime.Hub.Tests.Certificates;

/// <summary>Certificate warnings turned off (HUB_CERT_WARN_DAYS=off), for tests of the recorder's callers.</summary>
internal static class CertificateWarningsOff
{
    public static CertificateWarnings Of(NpgsqlDataSource dataSource) =>
        new(dataSource, new CertificateWarningOptions { Days = [] }, TimeProvider.System, NullLogger<CertificateWarnings>.Instance);
}
