using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Uptime.Agent.Configuration;
using Uptime.Agent.Ticks;
using Uptime.Security;

namespace Uptime.Agent.Tests.Infrastructure;

/// <summary>The agent's services in a real generic host, with every log line captured.</summary>
internal sealed class AgentHost : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _stopped;

    private AgentHost(IHost host, CapturedLogs logs)
    {
        _host = host;
        Logs = logs;
    }

    public CapturedLogs Logs { get; }

    /// <summary>The agent's unacknowledged ticks and counters.</summary>
    public TickBuffer Ticks => _host.Services.GetRequiredService<TickBuffer>();

    /// <summary>Starts the agent; <paramref name="configureServices"/> may replace services first (e.g. the target dialer).</summary>
    public static async Task<AgentHost> StartAsync(AgentOptions options, Action<IServiceCollection>? configureServices = null)
    {
        var logs = new CapturedLogs();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        configureServices?.Invoke(builder.Services);
        builder.Services.AddSingleton(options);
        builder.Services.AddValidatorAgent();
        var host = builder.Build();
        await host.StartAsync();
        return new AgentHost(host, logs);
    }

    /// <summary>
    /// Options for a test: a new key, a short heartbeat, reconnect delay, check timeout and shutdown drain, and private
    /// targets allowed (the test targets listen on 127.0.0.1).
    /// </summary>
    public static AgentOptions OptionsFor(FakeHub hub) => new()
    {
        Key = ValidatorKey.Generate(),
        AllowPrivateTargets = true,
        HubUrl = hub.Url,
        Location = "Test Lab",
        MaxConcurrentChecks = 4,
        HeartbeatInterval = TimeSpan.FromSeconds(1),
        ReconnectDelay = TimeSpan.FromMilliseconds(200),
        CheckTimeout = TimeSpan.FromSeconds(5),
        ShutdownDrainTimeout = TimeSpan.FromMilliseconds(300),
    };

    public async Task StopAsync()
    {
        _stopped = true;
        using var timeout = new CancellationTokenSource(Waits.Timeout);
        await _host.StopAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopped)
        {
            await StopAsync();
        }

        _host.Dispose();
    }
}
