using System.Diagnostics.CodeAnalysis;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Npgsql;
using Uptime.Hub.Database;
using Uptime.Hub.Dispatch;
using Uptime.Settings;

namespace Uptime.Hub.Hosting;

/// <summary>Start-up steps that fail with one clear line on standard error instead of a stack trace.</summary>
public static partial class HubStartup
{
    /// <summary>
    /// Builds the hub and validates every setting, before anything starts (no silo, no database); a bad value is one line
    /// naming its variable.
    /// </summary>
    public static bool TryBuild(WebApplicationBuilder builder, [NotNullWhen(true)] out WebApplication? app)
    {
        try
        {
            // Building already reads the log format: the console logger is made then.
            app = builder.Build();
            app.Services.GetRequiredService<IStartupValidator>().Validate();
            return true;
        }
        catch (Exception e) when (EnvironmentSettings.ProblemOf(e) is { } problem)
        {
            Console.Error.WriteLine($"❌ Configuration error: {problem}");
            app = null;
            return false;
        }
    }

    /// <summary>
    /// Applies the <c>sql/</c> scripts not yet in the database's journal (Orleans tables and statements, application
    /// schema) before the silo starts.
    /// </summary>
    public static async Task<bool> TryPrepareDatabaseAsync(WebApplication app)
    {
        var target = new NpgsqlConnectionStringBuilder(app.Services.GetRequiredService<DatabaseOptions>().ConnectionString);
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var applied = await SchemaMigrator.ApplyAsync(app.Services.GetRequiredService<NpgsqlDataSource>(), timeout.Token);
            if (applied.Count > 0)
            {
                // A new database gets every script: the first and the last say enough (all are in schema_migrations).
                var scripts = applied.Count <= 2 ? string.Join(", ", applied) : $"{applied[0]} … {applied[^1]}";
                LogSchemaApplied(app.Logger, applied.Count, scripts);
            }

            // Loads (or makes) the key of the check tokens now, so no validator socket waits for it.
            app.Services.GetRequiredService<CheckTokens>();
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException or InvalidOperationException or OperationCanceledException)
        {
            Console.Error.WriteLine(
                $"❌ PostgreSQL at {target.Host}:{target.Port}/{target.Database} is not usable: {Innermost(e).Message}");
            return false;
        }
    }

    public static async Task<int> RunAsync(WebApplication app)
    {
        try
        {
            await app.RunAsync();
            return 0;
        }
        catch (Exception e) when (e is IOException or SocketException or InvalidOperationException or OrleansException)
        {
            Console.Error.WriteLine($"❌ Hub stopped: {Innermost(e).Message}");
            return 1;
        }
    }

    [LoggerMessage(4104, LogLevel.Information, "🗄️ Schema: applied {Count} script(s): {Scripts}")]
    private static partial void LogSchemaApplied(ILogger logger, int count, string scripts);

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null && e is not PostgresException)
        {
            e = e.InnerException;
        }

        return e;
    }
}
