using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.RateLimiting;
using Uptime.Settings;

namespace Uptime.Hub.Access;

/// <summary>
/// Registration and middleware of REST and dashboard access control: keys, sessions, cross-site write checks, CORS,
/// rate limits, headers.
/// </summary>
public static class ApiAccessHosting
{
    public static IServiceCollection AddApiAccess(this IServiceCollection services)
    {
        services.AddEnvironmentSettings<ApiAccessOptions>();
        services.AddSingleton(sp => new ApiAccess(sp.GetRequiredService<ApiAccessOptions>(), sp.GetRequiredService<IHostEnvironment>().IsDevelopment()));
        services.AddSingleton<SessionSecret>();
        services.AddAuthentication(AdminKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, AdminKeyAuthenticationHandler>(
                AdminKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorization(ApiAccessPolicies.Add);
        services.AddSingleton<IAuthorizationHandler, ApiAccessPolicies.AccessHandler>();
        services.AddSingleton<IAuthorizationHandler, SessionWrites.Handler>();
        services.AddSingleton<AuthFailures>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ApiAccessPolicies.ResultHandler>();
        services.AddRateLimiter(_ => { }).AddOptions<RateLimiterOptions>().Configure<ApiAccess>(ApiRateLimits.Add);
        services.AddCors().AddOptions<CorsOptions>().Configure<ApiAccessOptions>((cors, options) =>
        {
            if (options.CorsOrigins.Count > 0)
            {
                cors.AddDefaultPolicy(policy => policy
                    .WithOrigins([.. options.CorsOrigins])
                    .WithMethods("GET", "POST", "PUT", "PATCH", "DELETE")
                    .WithHeaders("Authorization", "Content-Type")
                    .WithExposedHeaders("Location", "Retry-After")
                    .SetPreflightMaxAge(TimeSpan.FromMinutes(10)));
            }
        });
        return services;
    }

    /// <summary>
    /// Security headers, CORS (only when origins are configured), authentication, authorization, then the write rate limit,
    /// so only authorized writes spend a budget, partitioned by the key that authenticated them. Placed after the validator
    /// gateway, which answers WebSocket upgrades at / and /ws itself.
    /// </summary>
    public static WebApplication UseApiAccess(this WebApplication app)
    {
        var access = app.Services.GetRequiredService<ApiAccess>();
        app.UseSecurityHeaders();
        if (access.Options.CorsOrigins.Count > 0)
        {
            app.UseCors();
        }

        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        LogRules(app.Logger, access);
        return app;
    }

    private static void LogRules(ILogger logger, ApiAccess access)
    {
        if (access.WritesOpen)
        {
            logger.LogWarning(
                "⚠️ No admin key configured (HUB_ADMIN_KEY_HASHES) and the environment is Development: REST writes are open to anyone");
        }
        else if (!access.Keys.IsConfigured)
        {
            logger.LogWarning("⚠️ No admin key configured (HUB_ADMIN_KEY_HASHES): REST writes are refused");
        }
    }
}
