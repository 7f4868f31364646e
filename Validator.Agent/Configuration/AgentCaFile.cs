using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Uptime.Agent.Configuration;

/// <summary>Reads the CA certificates of <see cref="AgentOptions.CaFile"/> at start, so a bad file stops the agent at once.</summary>
internal static class AgentCaFile
{
    /// <summary>Sets <see cref="AgentOptions.TrustedCertificates"/>; returns the problem (a missing, unreadable or certificate-less file), or null.</summary>
    public static string? TryLoad(AgentOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.CaFile))
        {
            options.CaFile = null;
            return null;
        }

        var path = options.CaFile;
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPemFile(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            return $"{AgentOptions.CaFileVariable} could not be read: {path}: {ExceptionMessages.Describe(e)}";
        }

        if (certificates.Count == 0)
        {
            return $"{AgentOptions.CaFileVariable} holds no PEM certificate: {path}";
        }

        options.TrustedCertificates = certificates;
        return null;
    }
}
