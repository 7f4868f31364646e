using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Uptime.Hub.Hosting;
using Uptime.Hub.Tests.Database;
using Uptime.Testing;

namespace Uptime.Hub.Tests.Observability;

/// <summary>The OpenAPI document of a running hub names and summarizes every route the hub maps.</summary>
[Collection(DatabaseCollection.Name)]
public sealed class OpenApiDocumentTests(PostgresFixture postgres)
{
    /// <summary>
    /// Mapped routes that are not part of the REST API, so not in its document: the document itself, the Orleans
    /// dashboard (its own page and JSON), the Prometheus scrape and the health probes. The validator WebSocket, the static
    /// files and the Swagger UI are middleware, not route endpoints.
    /// </summary>
    private static readonly string[] _notDescribed = ["/openapi", "/dashboard", "/metrics", "/healthz", "/readyz"];

    [Fact]
    public async Task Document_EveryMappedApiRoute_HasOperationIdAndSummary()
    {
        var port = FreePort();
        var database = new NpgsqlConnectionStringBuilder(await postgres.CreateDatabaseAsync());

        // Started in this process the way Program.cs starts it, so the test reads the routes it mapped.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["HUB_LISTEN_IP"] = "127.0.0.1",
            ["HUB_PORT"] = $"{port}",
            ["HUB_SILO_PORT"] = $"{FreePort()}",
            ["HUB_GATEWAY_PORT"] = $"{FreePort()}",
            ["HUB_CLUSTER_ID"] = "openapi-" + Guid.NewGuid().ToString("N")[..12],
            ["DATABASE_URL"] = $"postgresql://{database.Username}@{database.Host}:{database.Port}/{database.Database}",
        });
        builder.AddUptimeHub();
        Assert.True(HubStartup.TryBuild(builder, out var built), "the hub's settings were refused");
        await using var app = built;
        Assert.True(await HubStartup.TryPrepareDatabaseAsync(app), "the hub could not prepare its database");
        app.MapUptimeHub();
        await app.StartAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
            using var document = JsonDocument.Parse(await http.GetStringAsync("openapi/v1.json"));
            var paths = document.RootElement.GetProperty("paths");

            var routes = ApiRoutes(app.Services.GetRequiredService<EndpointDataSource>()).ToList();

            Assert.NotEmpty(routes);
            Assert.Empty(routes.Where(r => !Described(paths, r.Method, r.Path)).Select(r => $"{r.Method} {r.Path}"));
            var operationIds = routes.Select(r => OperationId(paths, r.Method, r.Path)).ToList();
            Assert.Equal(operationIds.Count, operationIds.Distinct(StringComparer.Ordinal).Count());
        }
        finally
        {
            await app.StopAsync();
        }
    }

    /// <summary>Each method and path (in the document's spelling, without route constraints) of the REST API's routes.</summary>
    private static IEnumerable<(string Method, string Path)> ApiRoutes(EndpointDataSource endpoints) =>
        from endpoint in endpoints.Endpoints.OfType<RouteEndpoint>()
        let path = DocumentPath(endpoint.RoutePattern)
        where !_notDescribed.Any(root => path == root || path.StartsWith(root + "/", StringComparison.Ordinal))
        from method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["(any method)"]
        select (method, path);

    private static string DocumentPath(RoutePattern pattern) =>
        "/" + string.Join("/", pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart parameter => $"{{{parameter.Name}}}",
            RoutePatternSeparatorPart separator => separator.Content,
            _ => throw new NotSupportedException(part.GetType().Name),
        }))));

    private static bool Described(JsonElement paths, string method, string path) =>
        Operation(paths, method, path) is { } operation
        && operation.TryGetProperty("operationId", out var id) && !string.IsNullOrWhiteSpace(id.GetString())
        && operation.TryGetProperty("summary", out var summary) && !string.IsNullOrWhiteSpace(summary.GetString());

    private static string? OperationId(JsonElement paths, string method, string path) =>
        Operation(paths, method, path)?.GetProperty("operationId").GetString();

    private static JsonElement? Operation(JsonElement paths, string method, string path) =>
        paths.TryGetProperty(path, out var item) && item.TryGetProperty(method.ToLowerInvariant(), out var operation) ? operation : null;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
