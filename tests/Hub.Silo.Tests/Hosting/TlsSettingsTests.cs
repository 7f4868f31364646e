using Microsoft.Extensions.Options;
using Uptime.Hub.Hosting;

namespace Uptime.Hub.Tests.Hosting;

public sealed class TlsSettingsTests : IDisposable
{
    private readonly TestCertificates _certificates = new();

    public void Dispose() => _certificates.Dispose();

    [Fact]
    public void Read_NothingSet_NoCertificate()
    {
        Assert.Null(Read(new()).Certificate);
    }

    [Fact]
    public void Read_PemCertificateAndKey_LoadedWithKey()
    {
        var options = Read(new() { ["HUB_TLS_CERT_FILE"] = _certificates.CertificatePem, ["HUB_TLS_KEY_FILE"] = _certificates.KeyPem });

        Assert.NotNull(options.Certificate);
        Assert.True(options.Certificate.HasPrivateKey);
        Assert.Equal(_certificates.Thumbprint, options.Certificate.Thumbprint);
    }

    [Fact]
    public void Read_PemWithKeyInSameFile_Loaded()
    {
        var options = Read(new() { ["HUB_TLS_CERT_FILE"] = _certificates.CombinedPem });

        Assert.True(options.Certificate?.HasPrivateKey);
    }

    [Fact]
    public void Read_PemWithEncryptedKeyAndPassword_Loaded()
    {
        var options = Read(new()
        {
            ["HUB_TLS_CERT_FILE"] = _certificates.CertificatePem,
            ["HUB_TLS_KEY_FILE"] = _certificates.EncryptedKeyPem,
            ["HUB_TLS_CERT_PASSWORD"] = TestCertificates.Password,
        });

        Assert.Equal(_certificates.Thumbprint, options.Certificate?.Thumbprint);
    }

    [Fact]
    public void Read_PfxWithPassword_Loaded()
    {
        var options = Read(new() { ["HUB_TLS_CERT_FILE"] = _certificates.Pfx, ["HUB_TLS_CERT_PASSWORD"] = TestCertificates.Password });

        Assert.True(options.Certificate?.HasPrivateKey);
        Assert.Equal(_certificates.Thumbprint, options.Certificate?.Thumbprint);
    }

    [Fact]
    public void Read_PfxWrongPassword_OptionsValidationExceptionNamesVariableNotPassword()
    {
        var error = Assert.Throws<OptionsValidationException>(() =>
            Read(new() { ["HUB_TLS_CERT_FILE"] = _certificates.Pfx, ["HUB_TLS_CERT_PASSWORD"] = "wrong guess" }));

        Assert.StartsWith($"HUB_TLS_CERT_FILE: the PFX file {_certificates.Pfx} could not be loaded", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong guess", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_PemWithoutKey_OptionsValidationExceptionSaysHowToGiveTheKey()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Read(new() { ["HUB_TLS_CERT_FILE"] = _certificates.CertificatePem }));

        Assert.StartsWith($"HUB_TLS_CERT_FILE: the PEM certificate {_certificates.CertificatePem} with key in the same file could not be loaded", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_CertificateFileMissing_OptionsValidationExceptionNamesVariableAndPath()
    {
        var missing = Path.Combine(_certificates.Directory, "nope.pem");

        var error = Assert.Throws<OptionsValidationException>(() => Read(new() { ["HUB_TLS_CERT_FILE"] = missing }));

        Assert.Equal($"HUB_TLS_CERT_FILE {missing} does not exist (resolved to {missing})", error.Message);
    }

    [Fact]
    public void Read_KeyFileMissing_OptionsValidationExceptionNamesKeyVariable()
    {
        var missing = Path.Combine(_certificates.Directory, "nope.key");

        var error = Assert.Throws<OptionsValidationException>(() =>
            Read(new() { ["HUB_TLS_CERT_FILE"] = _certificates.CertificatePem, ["HUB_TLS_KEY_FILE"] = missing }));

        Assert.StartsWith($"HUB_TLS_KEY_FILE {missing} does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_KeyFileWithPfx_OptionsValidationExceptionSaysPfxCarriesItsKey()
    {
        var error = Assert.Throws<OptionsValidationException>(() =>
            Read(new() { ["HUB_TLS_CERT_FILE"] = _certificates.Pfx, ["HUB_TLS_KEY_FILE"] = _certificates.KeyPem }));

        Assert.Contains("a PFX file carries its own key", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("HUB_TLS_KEY_FILE")]
    [InlineData("HUB_TLS_CERT_PASSWORD")]
    public void Read_KeyOrPasswordWithoutCertificate_OptionsValidationException(string name)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Read(new() { [name] = _certificates.KeyPem }));

        Assert.Equal($"{name} is set but HUB_TLS_CERT_FILE is not", error.Message);
    }

    private static TlsOptions Read(Dictionary<string, string?> variables) => HubSettings.Read<TlsOptions>(variables);
}
