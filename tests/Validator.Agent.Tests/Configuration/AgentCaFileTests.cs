using Microsoft.Extensions.Configuration;
using Uptime.Agent.Configuration;
using Uptime.Agent.Tests.Infrastructure;
using Uptime.Security;

namespace Uptime.Agent.Tests.Configuration;

public sealed class AgentCaFileTests
{
    private static readonly string _keyHex = ValidatorKey.Generate().ToHex();

    [Fact]
    public void TryRead_CaFile_LoadsItsCertificate()
    {
        using var certificates = TestCertificates.Create();
        var path = certificates.WriteAuthorityPem();
        try
        {
            Assert.True(TryRead(path, out var options, out var error), error);

            Assert.Equal(path, options!.CaFile);
            Assert.Equal(certificates.Authority.Thumbprint, Assert.Single(options.TrustedCertificates).Thumbprint);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void TryRead_MissingCaFile_RefusesToStart()
    {
        var path = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.pem");

        Assert.False(TryRead(path, out _, out var error));

        Assert.StartsWith($"AGENT_CA_FILE could not be read: {path}: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryRead_CaFileWithoutCertificate_RefusesToStart()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, "just text\n");
        try
        {
            Assert.False(TryRead(path, out _, out var error));

            Assert.Equal($"AGENT_CA_FILE holds no PEM certificate: {path}", error);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static bool TryRead(string caFile, out AgentOptions? options, out string? error)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new("VALIDATOR_PRIVATE_KEY", _keyHex), new("AGENT_CA_FILE", caFile)])
            .Build();
        return AgentSettings.TryRead(configuration, out options, out error);
    }
}
