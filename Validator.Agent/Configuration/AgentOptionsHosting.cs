using Microsoft.Extensions.Options;
using Uptime.Settings;

namespace Uptime.Agent.Configuration;

internal static class AgentOptionsHosting
{
    /// <summary>
    /// The agent's settings, validated at start: the variables, then the CA file and the key (which may hold the key file),
    /// then the rules across them (<see cref="AgentOptionsValidator"/>).
    /// </summary>
    public static IServiceCollection AddAgentOptions(this IServiceCollection services)
    {
        services.AddEnvironmentSettings<AgentOptions>().Configure<IConfiguration>((options, configuration) =>
        {
            if ((AgentCaFile.TryLoad(options) ?? AgentKeyReader.TryRead(options, configuration[AgentKeyReader.HomeVariable])) is { } problem)
            {
                throw new OptionsValidationException(Options.DefaultName, typeof(AgentOptions), [problem]);
            }
        });
        return services.AddSingleton<IValidateOptions<AgentOptions>, AgentOptionsValidator>();
    }
}
