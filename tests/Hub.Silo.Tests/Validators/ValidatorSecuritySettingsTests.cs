using Microsoft.Extensions.Options;
using Uptime.Hub.Tests.Hosting;
using Uptime.Hub.Validators;
using Uptime.Security;

namespace Uptime.Hub.Tests.Validators;

public sealed class ValidatorSecuritySettingsTests
{
    private static readonly string _tokenHash = SecretHash.Sha256Hex("validator-token");

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
        Assert.Equal(ValidatorEnrollment.Open, options.Enrollment);
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
    public void Read_ValidatorAuthUnknown_OptionsValidationExceptionNamesVariable()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Read(new() { ["VALIDATOR_AUTH"] = "password" }));

        Assert.Equal("VALIDATOR_AUTH must be \"signature\", \"token\" or \"none\", got \"password\"", error.Message);
    }

    [Theory]
    [InlineData("open", ValidatorEnrollment.Open)]
    [InlineData(" Approval ", ValidatorEnrollment.Approval)]
    public void Read_ValidatorEnrollment_ParsedAnyCase(string value, ValidatorEnrollment expected)
    {
        Assert.Equal(expected, Read(new() { ["HUB_VALIDATOR_ENROLLMENT"] = value }).Enrollment);
    }

    [Fact]
    public void Read_ValidatorEnrollmentUnknown_OptionsValidationExceptionNamesVariableAndChoices()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Read(new() { ["HUB_VALIDATOR_ENROLLMENT"] = "closed" }));

        Assert.Equal("HUB_VALIDATOR_ENROLLMENT must be \"open\" or \"approval\", got \"closed\"", error.Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(" , ")]
    public void Read_TokenModeWithoutHashes_OptionsValidationExceptionSaysRequired(string? hashes)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Read(new() { ["VALIDATOR_AUTH"] = "token", ["VALIDATOR_TOKEN_HASHES"] = hashes }));

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
    public void Read_TokenHashNotHex_OptionsValidationExceptionNamesItemButNotItsValue()
    {
        var error = Assert.Throws<OptionsValidationException>(() =>
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
    public void Read_BadLimit_OptionsValidationExceptionNamesVariableAndRange(string name, string value)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Read(new() { [name] = value }));

        Assert.Equal($"{name} must be an integer between 0 and 1000000, got \"{value}\"", error.Message);
    }

    [Fact]
    public void Read_RegistrationTimeoutDefaultAndRange()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), Read(new()).RegistrationTimeout);
        var error = Assert.Throws<OptionsValidationException>(() => Read(new() { ["HUB_REGISTRATION_TIMEOUT_SECONDS"] = "0" }));
        Assert.Equal("HUB_REGISTRATION_TIMEOUT_SECONDS must be an integer between 1 and 3600, got \"0\"", error.Message);
    }

    [Fact]
    public void Read_SilenceTimeoutDefaultSetAndRange()
    {
        Assert.Equal(TimeSpan.FromSeconds(15), Read(new()).SilenceTimeout);
        Assert.Equal(TimeSpan.FromSeconds(4), Read(new() { ["HUB_VALIDATOR_SILENCE_TIMEOUT_SECONDS"] = "4" }).SilenceTimeout);
        var error = Assert.Throws<OptionsValidationException>(() => Read(new() { ["HUB_VALIDATOR_SILENCE_TIMEOUT_SECONDS"] = "1" }));
        Assert.Equal("HUB_VALIDATOR_SILENCE_TIMEOUT_SECONDS must be an integer between 2 and 3600, got \"1\"", error.Message);
    }

    [Fact]
    public void Read_RequireSignedTicksNotBoolean_OptionsValidationExceptionNamesVariable()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Read(new() { ["REQUIRE_SIGNED_TICKS"] = "yes" }));

        Assert.Equal("REQUIRE_SIGNED_TICKS must be \"true\" or \"false\", got \"yes\"", error.Message);
    }

    private static ValidatorSecurityOptions Read(Dictionary<string, string?> variables, bool isDevelopment = false) =>
        HubSettings.Read<ValidatorSecurityOptions>(variables, isDevelopment);
}
