using Uptime.Hub.Tests.Hosting;
using Uptime.Hub.Validators;
using Uptime.Security;

namespace Uptime.Hub.Tests.Validators;

public sealed class ValidatorSecurityOptionsReaderTests : IDisposable
{
    private static readonly string _tokenHash = SecretHash.Sha256Hex("validator-token");

    private readonly TestCertificates _certificates = new();

    public void Dispose() => _certificates.Dispose();

    [Fact]
    public void Read_NothingSet_SignatureModeAndDefaultLimits()
    {
        var options = Read(new());

        Assert.Equal(ValidatorAuthMode.Signature, options.Auth);
        Assert.Empty(options.TokenHashes);
        Assert.False(options.RequireSignedTicks);
        Assert.Equal(100, options.MaxConnectionsPerIp);
        Assert.Equal(60, options.RegistrationsPerIpPerMinute);
        Assert.Equal(5000, options.MaxMessagesPerSecond);
        Assert.Null(options.Certificate);
    }

    [Fact]
    public void Read_Development_NoneModeByDefault()
    {
        Assert.Equal(ValidatorAuthMode.None, Read(new(), isDevelopment: true).Auth);
    }

    [Fact]
    public void Read_DevelopmentWithSignature_SignatureMode()
    {
        Assert.Equal(ValidatorAuthMode.Signature, Read(new() { ["VALIDATOR_AUTH"] = "signature" }, isDevelopment: true).Auth);
    }

    [Theory]
    [InlineData("signature", ValidatorAuthMode.Signature)]
    [InlineData(" NONE ", ValidatorAuthMode.None)]
    [InlineData("Token", ValidatorAuthMode.Token)]
    public void Read_ValidatorAuth_ParsedAnyCase(string value, ValidatorAuthMode expected)
    {
        var options = Read(new() { ["VALIDATOR_AUTH"] = value, ["VALIDATOR_TOKEN_HASHES"] = _tokenHash });

        Assert.Equal(expected, options.Auth);
    }

    [Fact]
    public void Read_ValidatorAuthUnknown_FormatExceptionNamesVariable()
    {
        var error = Assert.Throws<FormatException>(() => Read(new() { ["VALIDATOR_AUTH"] = "password" }));

        Assert.Equal("VALIDATOR_AUTH must be \"signature\", \"token\" or \"none\", got \"password\"", error.Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(" , ")]
    public void Read_TokenModeWithoutHashes_FormatExceptionSaysRequired(string? hashes)
    {
        var error = Assert.Throws<FormatException>(() => Read(new() { ["VALIDATOR_AUTH"] = "token", ["VALIDATOR_TOKEN_HASHES"] = hashes }));

        Assert.StartsWith("VALIDATOR_TOKEN_HASHES is required when VALIDATOR_AUTH=token", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TokenHashes_ParsedAndMatchTheirTokens()
    {
        var other = SecretHash.Sha256Hex("second-token").ToUpperInvariant();

        var options = Read(new() { ["VALIDATOR_AUTH"] = "token", ["VALIDATOR_TOKEN_HASHES"] = $" {_tokenHash} ,{other}," });

        Assert.Equal(2, options.TokenHashes.Count);
        Assert.True(SecretHash.Matches("validator-token", options.TokenHashes));
        Assert.True(SecretHash.Matches("second-token", options.TokenHashes));
        Assert.False(SecretHash.Matches("third-token", options.TokenHashes));
    }

    [Fact]
    public void Read_TokenHashNotHex_FormatExceptionNamesItemButNotItsValue()
    {
        var error = Assert.Throws<FormatException>(() =>
            Read(new() { ["VALIDATOR_AUTH"] = "token", ["VALIDATOR_TOKEN_HASHES"] = $"{_tokenHash},my-secret-token" }));

        Assert.StartsWith("VALIDATOR_TOKEN_HASHES must be a comma-separated list of SHA-256 hex digests", error.Message, StringComparison.Ordinal);
        Assert.Contains("item 2", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("my-secret-token", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_LimitsAndSignedTicks_Read()
    {
        var options = Read(new()
        {
            ["REQUIRE_SIGNED_TICKS"] = "true",
            ["HUB_MAX_CONNECTIONS_PER_IP"] = "0",
            ["HUB_REGISTRATIONS_PER_IP_PER_MINUTE"] = "7",
            ["HUB_MAX_MESSAGES_PER_SECOND"] = "1000000",
            ["HUB_REGISTRATION_TIMEOUT_SECONDS"] = "5",
        });

        Assert.Equal(TimeSpan.FromSeconds(5), options.RegistrationTimeout);
        Assert.True(options.RequireSignedTicks);
        Assert.Equal(0, options.MaxConnectionsPerIp);
        Assert.Equal(7, options.RegistrationsPerIpPerMinute);
        Assert.Equal(1_000_000, options.MaxMessagesPerSecond);
    }

    [Theory]
    [InlineData("HUB_MAX_CONNECTIONS_PER_IP", "-1")]
    [InlineData("HUB_REGISTRATIONS_PER_IP_PER_MINUTE", "1000001")]
    [InlineData("HUB_MAX_MESSAGES_PER_SECOND", "fast")]
    public void Read_BadLimit_FormatExceptionNamesVariableAndRange(string name, string value)
    {
        var error = Assert.Throws<FormatException>(() => Read(new() { [name] = value }));

        Assert.Equal($"{name} must be an integer between 0 and 1000000, got \"{value}\"", error.Message);
    }

    [Fact]
    public void Read_RegistrationTimeoutDefaultAndRange()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), Read(new()).RegistrationTimeout);
        var error = Assert.Throws<FormatException>(() => Read(new() { ["HUB_REGISTRATION_TIMEOUT_SECONDS"] = "0" }));
        Assert.Equal("HUB_REGISTRATION_TIMEOUT_SECONDS must be an integer between 1 and 3600, got \"0\"", error.Message);
    }

    [Fact]
    public void Read_RequireSignedTicksNotBoolean_FormatExceptionNamesVariable()
    {
        var error = Assert.Throws<FormatException>(() => Read(new() { ["REQUIRE_SIGNED_TICKS"] = "yes" }));

        Assert.Equal("REQUIRE_SIGNED_TICKS must be \"true\" or \"false\", got \"yes\"", error.Message);
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
    public void Read_PfxWrongPassword_FormatExceptionNamesVariableNotPassword()
    {
        var error = Assert.Throws<FormatException>(() =>
            Read(new() { ["HUB_TLS_CERT_FILE"] = _certificates.Pfx, ["HUB_TLS_CERT_PASSWORD"] = "wrong guess" }));

        Assert.StartsWith($"HUB_TLS_CERT_FILE: the PFX file {_certificates.Pfx} could not be loaded", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong guess", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_PemWithoutKey_FormatExceptionSaysHowToGiveTheKey()
    {
        var error = Assert.Throws<FormatException>(() => Read(new() { ["HUB_TLS_CERT_FILE"] = _certificates.CertificatePem }));

        Assert.StartsWith($"HUB_TLS_CERT_FILE: the PEM certificate {_certificates.CertificatePem} with key in the same file could not be loaded", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_CertificateFileMissing_FormatExceptionNamesVariableAndPath()
    {
        var missing = Path.Combine(_certificates.Directory, "nope.pem");

        var error = Assert.Throws<FormatException>(() => Read(new() { ["HUB_TLS_CERT_FILE"] = missing }));

        Assert.Equal($"HUB_TLS_CERT_FILE {missing} does not exist (resolved to {missing})", error.Message);
    }

    [Fact]
    public void Read_KeyFileMissing_FormatExceptionNamesKeyVariable()
    {
        var missing = Path.Combine(_certificates.Directory, "nope.key");

        var error = Assert.Throws<FormatException>(() =>
            Read(new() { ["HUB_TLS_CERT_FILE"] = _certificates.CertificatePem, ["HUB_TLS_KEY_FILE"] = missing }));

        Assert.StartsWith($"HUB_TLS_KEY_FILE {missing} does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_KeyFileWithPfx_FormatExceptionSaysPfxCarriesItsKey()
    {
        var error = Assert.Throws<FormatException>(() =>
            Read(new() { ["HUB_TLS_CERT_FILE"] = _certificates.Pfx, ["HUB_TLS_KEY_FILE"] = _certificates.KeyPem }));

        Assert.Contains("a PFX file carries its own key", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("HUB_TLS_KEY_FILE")]
    [InlineData("HUB_TLS_CERT_PASSWORD")]
    public void Read_KeyOrPasswordWithoutCertificate_FormatException(string name)
    {
        var error = Assert.Throws<FormatException>(() => Read(new() { [name] = _certificates.KeyPem }));

        Assert.Equal($"{name} is set but HUB_TLS_CERT_FILE is not", error.Message);
    }

    private static ValidatorSecurityOptions Read(Dictionary<string, string?> env, bool isDevelopment = false) =>
        ValidatorSecurityOptionsReader.Read(name => env.TryGetValue(name, out var value) ? value : null, isDevelopment);
}
