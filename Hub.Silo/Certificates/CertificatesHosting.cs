using Uptime.Hub.Hosting;

namespace Uptime.Hub.Certificates;

public static class CertificatesHosting
{
    /// <summary>The recorder of certificates seen by validators and their queries.</summary>
    public static IServiceCollection AddCertificates(this IServiceCollection services)
    {
        services.AddHostedSingleton<CertificateRecorder>();
        services.AddSingleton<CertificateQueries>();
        return services;
    }
}
