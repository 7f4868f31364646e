using System.Security.Cryptography.X509Certificates;
using Uptime.Settings;

namespace Uptime.Hub.Hosting;

/// <summary>
/// The certificate Kestrel serves https and wss with on <c>HUB_PORT</c>: PEM (the key in <see cref="KeyFile"/> or in the
/// same file, optionally encrypted) or PFX/PKCS#12. No certificate file: plain http and ws.
/// </summary>
public sealed class TlsOptions
{
    public const string CertificateFileVariable = "HUB_TLS_CERT_FILE";
    public const string KeyFileVariable = "HUB_TLS_KEY_FILE";
    public const string PasswordVariable = "HUB_TLS_CERT_PASSWORD";

    [ConfigurationKeyName(CertificateFileVariable), TextSetting]
    public string? CertificateFile { get; set; }

    [ConfigurationKeyName(KeyFileVariable), TextSetting]
    public string? KeyFile { get; set; }

    /// <summary>Of the PFX file or the encrypted PEM key; never in a message.</summary>
    [ConfigurationKeyName(PasswordVariable), VerbatimSetting]
    public string? Password { get; set; }

    /// <summary>Loaded at start (<see cref="TlsCertificateFile"/>), so a bad file stops the hub before it serves anything.</summary>
    public X509Certificate2? Certificate { get; set; }
}
