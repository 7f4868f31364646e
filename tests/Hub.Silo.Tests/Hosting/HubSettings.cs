using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Uptime.Hub.Hosting;

namespace Uptime.Hub.Tests.Hosting;

/// <summary>The hub's settings as the hub reads them: every feature registered, bound from the given variables alone.</summary>
internal static class HubSettings
{
    /// <summary>
    /// The <typeparamref name="T"/> the hub would run with; a bad value throws the
    /// <see cref="OptionsValidationException"/> whose message is the line the hub prints.
    /// </summary>
    public static T Read<T>(Dictionary<string, string?> variables, bool development = false)
        where T : class
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = development ? Environments.Development : Environments.Production,
        });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(variables);
        builder.AddUptimeHub();
        using var services = builder.Services.BuildServiceProvider();
        return services.GetRequiredService<IOptions<T>>().Value;
    }
}
