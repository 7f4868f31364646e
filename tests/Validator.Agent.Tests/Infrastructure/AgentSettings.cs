using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Uptime.Agent.Configuration;
using Uptime.Settings;

namespace Uptime.Agent.Tests.Infrastructure;

/// <summary>The agent's settings as the agent reads them at start, from a given configuration alone.</summary>
internal static class AgentSettings
{
    /// <summary>The options the agent would run with, or the one line it would print instead.</summary>
    public static bool TryRead(
        IConfiguration configuration,
        [NotNullWhen(true)] out AgentOptions? options,
        [NotNullWhen(false)] out string? error)
    {
        using var services = new ServiceCollection().AddSingleton(configuration).AddAgentOptions().BuildServiceProvider();
        try
        {
            options = services.GetRequiredService<IOptions<AgentOptions>>().Value;
            error = null;
            return true;
        }
        catch (OptionsValidationException e)
        {
            options = null;
            error = EnvironmentSettings.ProblemOf(e)!;
            return false;
        }
    }
}
