using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Uptime.Hub.Tests.Database;
using Uptime.Hub.Tests.Hosting;
using Uptime.Testing;

namespace Uptime.Hub.Tests.Observability;

/// <summary>
/// The OpenAPI document of a running hub names and summarizes every route the hub maps, and declares the credentials its
/// operations need.
/// </summary>
[Collection(DatabaseCollection.Name)]
public sealed class OpenApiDocumentTests(PostgresFixture postgres)
{
    /// <summary>
    /// Mapped routes that are not part of the REST API, so not in its document: the document itself, the Orleans
    /// dashboard (its own page and JSON), the Prometheus scrape, the health probes and the canary validators check. The validator WebSocket, the static
    /// files and the Swagger UI are middleware, not route endpoints.
    /// </summary>
    private static readonly string[] _notDescribed = ["/openapi", "/dashboard", "/metrics", "/healthz", "/readyz", "/canary"];

    [Fact]
    public async Task Document_EveryMappedApiRoute_HasOperationIdAndSummary()
    {
        await using var hub = await StartHubAsync([]);
        using var document = await GetDocumentAsync(hub);
        var paths = document.RootElement.GetProperty("paths");

        var routes = ApiRoutes(hub.App.Services.GetRequiredService<EndpointDataSource>()).ToList();

        Assert.NotEmpty(routes);
        Assert.Empty(routes.Where(r => !Described(paths, r.Method, r.Path)).Select(r => $"{r.Method} {r.Path}"));
        var operationIds = routes.Select(r => OperationId(paths, r.Method, r.Path)).ToList();
        Assert.Equal(operationIds.Count, operationIds.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task Document_DeclaresTheAdminKeyAndTheSessionCookie()
    {
        await using var hub = await StartHubAsync([]);
        using var document = await GetDocumentAsync(hub);

        var schemes = document.RootElement.GetProperty("components").GetProperty("securitySchemes");
        var adminKey = schemes.GetProperty("adminKey");
        Assert.Equal("http", adminKey.GetProperty("type").GetString());
        Assert.Equal("bearer", adminKey.GetProperty("scheme").GetString());
        var session = schemes.GetProperty("session");
        Assert.Equal("apiKey", session.GetProperty("type").GetString());
        Assert.Equal("cookie", session.GetProperty("in").GetString());
        Assert.Equal("uptime_session", session.GetProperty("name").GetString());
    }

    /// <summary>
    /// With public reads (the default), exactly the writes require a credential, the admin key or the session, except the
    /// session's own login and logout and a push (its token is its credential).
    /// </summary>
    [Fact]
    public async Task Document_PublicReads_WritesRequireTheAdminKeyOrTheSession()
    {
        await using var hub = await StartHubAsync([]);
        using var document = await GetDocumentAsync(hub);

        var operations = Operations(document).ToList();

        Assert.Contains(operations, o => o.Method == "post" && o.Path == "/api/websites");
        Assert.All(operations, o => Assert.True(
            o.Schemes == (IsWrite(o) ? "adminKey|session" : ""),
            $"{o.Method} {o.Path} requires \"{o.Schemes}\""));
    }

    [Fact]
    public async Task Document_ReadAccessKey_ReadsRequireTheAdminKeyOrTheSessionToo()
    {
        await using var hub = await StartHubAsync(new() { ["HUB_READ_ACCESS"] = "key" });
        using var document = await GetDocumentAsync(hub);

        var operations = Operations(document).ToList();

        Assert.All(operations, o => Assert.True(
            o.Schemes == (IsPublic(o) ? "" : "adminKey|session"),
            $"{o.Method} {o.Path} requires \"{o.Schemes}\""));
    }

    [Fact]
    public async Task Document_WebsiteWrites_DescribeTheirJsonBody()
    {
        await using var hub = await StartHubAsync([]);
        using var document = await GetDocumentAsync(hub);
        var paths = document.RootElement.GetProperty("paths");

        var create = Body(paths.GetProperty("/api/websites").GetProperty("post"));
        var change = Body(paths.GetProperty("/api/websites/{id}").GetProperty("patch"));

        string[] verdict = ["regions", "validatorsPerRegion", "downQuorum", "failingRounds", "degradedLatencyMs", "incidentOnDegraded", "recoverySeconds"];
        Assert.Equal(["url", "type", "check", "interval", "name", "tags", .. verdict], create);
        Assert.Equal(["url", "type", "check", "interval", "enabled", "name", "tags", .. verdict], change);
    }

    /// <summary>The property names of an operation's JSON body schema, inline or referenced.</summary>
    private static IEnumerable<string> Body(JsonElement operation)
    {
        var schema = operation.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema");
        return schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToList();
    }

    private static bool IsWrite((string Method, string Path, string Schemes) operation) => operation.Method != "get" && !IsPublic(operation);

    /// <summary>The session's login and logout, and a push monitor's job calling in.</summary>
    private static bool IsPublic((string Method, string Path, string Schemes) operation) =>
        operation.Path.StartsWith("/api/session", StringComparison.Ordinal) || operation.Path.StartsWith("/api/push/", StringComparison.Ordinal);

    /// <summary>Every operation of the document with the schemes it requires, as alternatives joined by <c>|</c>.</summary>
    private static IEnumerable<(string Method, string Path, string Schemes)> Operations(JsonDocument document) =>
        from path in document.RootElement.GetProperty("paths").EnumerateObject()
        from operation in path.Value.EnumerateObject()
        let schemes = operation.Value.TryGetProperty("security", out var security)
            ? string.Join("|", security.EnumerateArray().SelectMany(requirement => requirement.EnumerateObject().Select(s => s.Name)))
            : ""
        select (operation.Name, path.Name, schemes);

    private async Task<InProcessHub> StartHubAsync(Dictionary<string, string?> settings) => await InProcessHub.StartAsync(postgres, settings);

    private static async Task<JsonDocument> GetDocumentAsync(InProcessHub hub) => JsonDocument.Parse(await hub.Http.GetStringAsync("openapi/v1.json"));

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
}
