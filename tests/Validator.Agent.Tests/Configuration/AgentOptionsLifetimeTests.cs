using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Uptime.Agent.Configuration;

namespace Uptime.Agent.Tests.Configuration;

public sealed class AgentOptionsLifetimeTests : IDisposable
{
    private readonly DirectoryInfo _home = Directory.CreateTempSubdirectory("agent-home-");

    public void Dispose() => _home.Delete(recursive: true);

    [Fact]
    public void ValidatedAtStart_TheAgentRunsWithTheSameOptions_ItsKeyFileHeldOnce()
    {
        IConfiguration configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new(AgentKeyReader.HomeVariable, _home.FullName)])
            .Build();
        using var services = new ServiceCollection().AddSingleton(configuration).AddAgentOptions().BuildServiceProvider();

        services.GetRequiredService<IStartupValidator>().Validate();
        var options = services.GetRequiredService<AgentOptions>();

        Assert.Same(services.GetRequiredService<IOptionsMonitor<AgentOptions>>().CurrentValue, options);
        Assert.NotNull(options.KeyFileLock);
        options.KeyFileLock.Dispose();
    }
}
