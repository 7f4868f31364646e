using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Npgsql;
using Uptime.Hub.Hosting;
using Uptime.Testing;

namespace Uptime.Hub.Tests.Hosting;

/// <summary>
/// A hub started in this process the way Program.cs starts it (so a test can read the routes it mapped and use its
/// services), on a fresh database of <see cref="PostgresFixture"/>'s server, with its own ports and cluster id.
/// </summary>
internal sealed class InProcessHub : IAsyncDisposable
{
    private InProcessHub(WebApplication app, Uri address)
    {
        App = app;
        Address = address;
        Http = new HttpClient { BaseAddress = address };
    }

    public WebApplication App { get; }

    public Uri Address { get; }

    /// <summary>A client without credentials.</summary>
    public HttpClient Http { get; }

    /// <summary>Starts the hub with <paramref name="settings"/> added to its own.</summary>
    public static async Task<InProcessHub> StartAsync(PostgresFixture postgres, Dictionary<string, string?> settings)
    {
        var port = FreePort();
        var database = new NpgsqlConnectionStringBuilder(await postgres.CreateDatabaseAsync());
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        settings["HUB_LISTEN_IP"] = "127.0.0.1";
        settings["HUB_PORT"] = $"{port}";
        settings["HUB_SILO_PORT"] = $"{FreePort()}";
        settings["HUB_GATEWAY_PORT"] = $"{FreePort()}";
        settings["HUB_CLUSTER_ID"] = "in-process-" + Guid.NewGuid().ToString("N")[..12];
        settings["DATABASE_URL"] = $"postgresql://{database.Username}@{database.Host}:{database.Port}/{database.Database}";
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddUptimeHub();
        Assert.True(HubStartup.TryBuild(builder, out var app), "the hub's settings were refused");
        Assert.True(await HubStartup.TryPrepareDatabaseAsync(app), "the hub could not prepare its database");
        app.MapUptimeHub();
        await app.StartAsync();
        return new InProcessHub(app, new Uri($"http://127.0.0.1:{port}/"));
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
