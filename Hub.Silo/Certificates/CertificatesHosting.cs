using Uptime.Hub.Hosting;
using Uptime.Settings;

namespace Uptime.Hub.Certificates;

public static class CertificatesHosting
{
    /// <summary>The recorder of certificates seen by validators, their expiry warnings and their queries.</summary>
    public static IServiceCollection AddCertificates(this IServiceCollection services)
    {
        services.AddEnvironmentSettings<CertificateWarningOptions>();
        services.AddSingleton<CertificateWarnings>();
        services.AddHostedService<CertificateWarningScanner>();
        services.AddHostedSingleton<CertificateRecorder>();
        services.AddSingleton<CertificateQueries>();
        return services;
    }
}
