using Microsoft.Extensions.Options;
using Uptime.Hub.Access;
using Uptime.Hub.Tests.Hosting;
using Uptime.Security;

namespace Uptime.Hub.Tests.Access;

public sealed class ApiAccessSettingsTests
{
    private static readonly string _hashA = SecretHash.Sha256Hex("key-a");
    private static readonly string _hashB = SecretHash.Sha256Hex("key-b");

    [Fact]
    public void Read_Nothing_Defaults()
    {
        var options = Read([]);

        Assert.Empty(options.AdminKeyHashes);
        Assert.Equal(ReadAccess.Public, options.ReadAccess);
        Assert.Empty(options.CorsOrigins);
        Assert.Equal(TimeSpan.FromHours(12), options.SessionLifetime);
        Assert.Equal(120, options.WritesPerMinute);
    }

    [Fact]
    public void Read_EverySetting_Parsed()
    {
        var options = Read(new()
        {
            ["HUB_ADMIN_KEY_HASHES"] = $" {_hashA} ,{_hashB.ToUpperInvariant()},",
            ["HUB_READ_ACCESS"] = "KEY",
            ["HUB_CORS_ORIGINS"] = "https://status.example.com, http://localhost:3000",
            ["HUB_SESSION_HOURS"] = "1",
            ["HUB_API_WRITES_PER_MINUTE"] = "0",
        });

        Assert.Equal([Convert.FromHexString(_hashA), Convert.FromHexString(_hashB)], options.AdminKeyHashes);
        Assert.Equal(ReadAccess.Key, options.ReadAccess);
        Assert.Equal(["https://status.example.com", "http://localhost:3000"], options.CorsOrigins);
        Assert.Equal(TimeSpan.FromHours(1), options.SessionLifetime);
        Assert.Equal(0, options.WritesPerMinute);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("not-a-hash-but-64-characters-long-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")]
    [InlineData("secret-key")]
    public void Read_BadKeyHash_OptionsValidationExceptionNamesVariableAndPositionNotTheItem(string item)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Read(new() { ["HUB_ADMIN_KEY_HASHES"] = $"{_hashA},{item}" }));

        Assert.StartsWith("HUB_ADMIN_KEY_HASHES must be a comma-separated list of SHA-256 hex digests (sha256sum of each); item 2 is not one", error.Message);
        Assert.DoesNotContain(item, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BadReadAccess_OptionsValidationException()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Read(new() { ["HUB_READ_ACCESS"] = "private" }));

        Assert.Equal("HUB_READ_ACCESS must be \"public\" or \"key\", got \"private\"", error.Message);
    }

    [Theory]
    [InlineData("*")]
    [InlineData("https://status.example.com/")]
    [InlineData("https://status.example.com/path")]
    [InlineData("status.example.com")]
    [InlineData("ftp://status.example.com")]
    public void Read_BadCorsOrigin_OptionsValidationExceptionNamesItem(string item)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Read(new() { ["HUB_CORS_ORIGINS"] = item }));

        Assert.Equal(
            $"HUB_CORS_ORIGINS must be a comma-separated list of origins such as https://status.example.com; \"{item}\" is not one",
            error.Message);
    }

    [Theory]
    [InlineData("HUB_SESSION_HOURS", "0", 1, 8760)]
    [InlineData("HUB_SESSION_HOURS", "12h", 1, 8760)]
    [InlineData("HUB_API_WRITES_PER_MINUTE", "-1", 0, 1000000)]
    public void Read_BadNumber_OptionsValidationExceptionNamesVariable(string name, string value, int min, int max)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Read(new() { [name] = value }));

        Assert.Equal($"{name} must be an integer between {min} and {max}, got \"{value}\"", error.Message);
    }

    private static ApiAccessOptions Read(Dictionary<string, string?> variables) => HubSettings.Read<ApiAccessOptions>(variables);
}
