using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Console;
using Npgsql;
using OpenTelemetry.Metrics;
using Orleans.Dashboard;
using Orleans.Metadata;
using Uptime.Grains;
using Uptime.Hub.Access;
using Uptime.Hub.Hosting;
using Uptime.Hub.Ticks;
using Uptime.Hub.Validators;
using Uptime.Settings;

namespace Uptime.Hub.Observability;

/// <summary>
/// What operators look at: the Orleans dashboard (<c>/dashboard</c>), the OpenAPI document (<c>/openapi/v1.json</c>)
/// and its browsable reference (<c>/api/docs</c>), Prometheus metrics (<c>/metrics</c>), liveness (<c>/healthz</c>),
/// readiness (<c>/readyz</c>) and the console log format.
/// </summary>
public static class ObservabilityHosting
{
    public const string ReadyTag = "ready";
    public const string ServiceName = "uptime-hub";
    public const string ApiTitle = "Uptime API";

    public static WebApplicationBuilder AddObservability(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddEnvironmentSettings<ObservabilityOptions>();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        builder.Logging.AddJsonConsole(o =>
        {
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
        });

        // Registered after both consoles, so this choice of formatter wins.
        services.AddOptions<ConsoleLoggerOptions>().Configure<ObservabilityOptions>((console, options) =>
            console.FormatterName = options.LogFormat == LogFormat.Json ? ConsoleFormatterNames.Json : ConsoleFormatterNames.Simple);
        services.AddSingleton<HubCounters>();
        services.AddHostedService<StatsReporter>();
        services.Configure<DashboardOptions>(o => o.HideTrace = true);
        services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = ApiTitle;
                document.Info.Description = "Monitored websites, their ticks, and the validators that check them.";
                return Task.CompletedTask;
            });
            OpenApiSecurity.Add(o);
        });

        services.AddMetrics();
        services.AddSingleton(sp => new GrainActivationCount(sp.GetRequiredService<GrainTypeResolver>().GetGrainType(typeof(WebsiteGrain))));
        services.AddSingleton(sp =>
        {
            // Resolved eagerly (through HubCounters) by the hosted services, before the silo activates any grain.
            var websiteGrains = sp.GetRequiredService<GrainActivationCount>();
            return new HubMetrics(
                sp.GetRequiredService<IMeterFactory>(),
                SiloLabel(sp.GetRequiredService<HubOptions>()),
                connectedValidators: () => sp.GetRequiredService<LocalValidators>().Count,
                tickWriterQueue: () => sp.GetRequiredService<TickWriter>().QueueLength,
                activeWebsiteGrains: () => websiteGrains.Value);
        });
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddDetector(sp => new SiloResourceDetector(sp.GetRequiredService<HubOptions>())))
            .WithMetrics(metrics => metrics
                .AddMeter(HubMetrics.MeterName, GrainActivationCount.OrleansMeterName, Notifications.NotificationMetrics.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter());

        services.AddHealthChecks()
            .Add(new HealthCheckRegistration(
                "postgres",
                sp => new PostgresReadinessCheck(sp.GetRequiredService<NpgsqlDataSource>(), PostgresReadinessCheck.DefaultTimeout),
                HealthStatus.Unhealthy,
                [ReadyTag]))
            .Add(new HealthCheckRegistration(
                "silo",
                sp => new SiloReadinessCheck(() => sp.GetRequiredService<ISiloStatusOracle>().CurrentStatus),
                HealthStatus.Unhealthy,
                [ReadyTag]));
        return builder;
    }

    public static WebApplication MapObservability(this WebApplication app)
    {
        app.MapOpenApi();
        app.UseSwaggerUI(o =>
        {
            o.RoutePrefix = "api/docs";
            o.DocumentTitle = ApiTitle;
            o.SwaggerEndpoint("/openapi/v1.json", ApiTitle);
        });
        app.MapOrleansDashboard(routePrefix: "/dashboard").ExcludeFromDescription().RequireAuthorization(ApiAccessPolicies.Read);
        app.MapPrometheusScrapingEndpoint("/metrics").RequireAuthorization(ApiAccessPolicies.Read);
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new HealthCheckOptions
        {
            Predicate = registration => registration.Tags.Contains(ReadyTag),
            ResponseWriter = HealthReportWriter.WriteAsync,
        });
        return app;
    }

    /// <summary>The <c>silo</c> label: the address other silos reach this one at, stable across restarts.</summary>
    public static string SiloLabel(HubOptions hub) => $"{hub.AdvertisedIp}:{hub.SiloPort}";
}
