using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace Uptime.Hub.Hosting;

/// <summary>
/// Loads the hub's TLS certificate at start-up, so a missing file, a wrong password or a certificate without its key
/// stops the hub with one line naming the variable instead of failing at the first https request.
/// </summary>
internal static class TlsCertificateFile
{
    private const string CertificateVariable = TlsOptions.CertificateFileVariable;
    private const string KeyVariable = TlsOptions.KeyFileVariable;

    /// <summary>Sets <see cref="TlsOptions.Certificate"/> from the files; a problem fails the options with one message naming the variable.</summary>
    public static void LoadInto(TlsOptions options)
    {
        try
        {
            if (options.CertificateFile is { } certificate)
            {
                options.Certificate = Load(certificate, options.KeyFile, options.Password);
            }
            else if (options.KeyFile is not null || options.Password is not null)
            {
                var variable = options.KeyFile is not null ? KeyVariable : TlsOptions.PasswordVariable;
                throw new FormatException($"{variable} is set but {CertificateVariable} is not");
            }
        }
        catch (FormatException e)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(TlsOptions), [e.Message]);
        }
    }

    /// <summary>
    /// A PEM certificate (its key in <paramref name="keyPath"/>, or in the same file when that is null) or a PFX file;
    /// <paramref name="password"/> decrypts the PFX or an encrypted PEM key.
    /// </summary>
    private static X509Certificate2 Load(string certificatePath, string? keyPath, string? password)
    {
        RequireFile(CertificateVariable, certificatePath);
        if (keyPath is not null)
        {
            RequireFile(KeyVariable, keyPath);
        }

        var isPem = IsPem(certificatePath);
        if (!isPem && keyPath is not null)
        {
            throw new FormatException(
                $"{KeyVariable} is set, but {CertificateVariable} {certificatePath} is not PEM; a PFX file carries its own key, so unset {KeyVariable}");
        }

        X509Certificate2 certificate;
        try
        {
            certificate = isPem
                ? password is null
                    ? X509Certificate2.CreateFromPemFile(certificatePath, keyPath)
                    : X509Certificate2.CreateFromEncryptedPemFile(certificatePath, password, keyPath)
                : X509CertificateLoader.LoadPkcs12FromFile(certificatePath, password);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            var source = isPem ? $"PEM certificate {certificatePath} with key {keyPath ?? "in the same file"}" : $"PFX file {certificatePath}";
            throw new FormatException($"{CertificateVariable}: the {source} could not be loaded: {e.Message}");
        }

        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new FormatException(
                $"{CertificateVariable} {certificatePath} has no private key; set {KeyVariable} to its PEM key or use a PFX file that contains the key");
        }

        return certificate;
    }

    private static void RequireFile(string variable, string path)
    {
        if (!File.Exists(path))
        {
            throw new FormatException($"{variable} {path} does not exist (resolved to {Path.GetFullPath(path)})");
        }
    }

    private static bool IsPem(string path)
    {
        try
        {
            using var reader = new StreamReader(path);
            var start = new char[4096];
            var read = reader.ReadBlock(start);
            return new string(start, 0, read).Contains("-----BEGIN ", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FormatException($"{CertificateVariable} {path} cannot be read: {e.Message}");
        }
    }
}
