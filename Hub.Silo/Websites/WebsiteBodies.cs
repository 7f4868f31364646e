using System.ComponentModel;
using System.Text.Json;
using Microsoft.OpenApi;

namespace Uptime.Hub.Websites;

/// <summary>
/// The bodies of <c>POST</c> and <c>PATCH /api/websites</c> as the OpenAPI document describes them (so Swagger UI offers a
/// body to edit); the hub reads them with <see cref="WebsiteInput"/>, which refuses any other field.
/// </summary>
public sealed record NewWebsiteBody(
    [property: Description(Monitor.Url)] string? Url,
    [property: Description(Monitor.Type), DefaultValue("http")] string? Type,
    [property: Description(Monitor.Check)] JsonElement? Check,
    [property: Description("Seconds between checks, 10–86400."), DefaultValue(WebsiteInput.DefaultInterval)] int? Interval,
    [property: Description(Labels.Name)] string? Name,
    [property: Description(Labels.Tags)] string[]? Tags,
    [property: Description(Verdict.Regions)] string[]? Regions,
    [property: Description(Verdict.ValidatorsPerRegion)] int? ValidatorsPerRegion,
    [property: Description(Verdict.DownQuorum)] int? DownQuorum,
    [property: Description(Verdict.FailingRounds), DefaultValue(1)] int? FailingRounds,
    [property: Description(Verdict.DegradedLatencyMs)] int? DegradedLatencyMs,
    [property: Description(Verdict.IncidentOnDegraded), DefaultValue(false)] bool? IncidentOnDegraded,
    [property: Description(Verdict.RecoverySeconds), DefaultValue(30)] int? RecoverySeconds);

/// <summary>The fields of <c>PATCH /api/websites/{id}</c>, each optional.</summary>
public sealed record WebsiteChangeBody(
    [property: Description(Monitor.Url)] string? Url,
    [property: Description(Monitor.Type + " A new type needs a url of its kind and resets the check unless one is given.")] string? Type,
    [property: Description(Monitor.Check + " null resets it.")] JsonElement? Check,
    [property: Description("Seconds between checks, 10–86400.")] int? Interval,
    [property: Description("Whether the website is checked.")] bool? Enabled,
    [property: Description(Labels.Name + " null clears it.")] string? Name,
    [property: Description(Labels.Tags + " [] clears them.")] string[]? Tags,
    [property: Description(Verdict.Regions)] string[]? Regions,
    [property: Description(Verdict.ValidatorsPerRegion)] int? ValidatorsPerRegion,
    [property: Description(Verdict.DownQuorum)] int? DownQuorum,
    [property: Description(Verdict.FailingRounds)] int? FailingRounds,
    [property: Description(Verdict.DegradedLatencyMs)] int? DegradedLatencyMs,
    [property: Description(Verdict.IncidentOnDegraded)] bool? IncidentOnDegraded,
    [property: Description(Verdict.RecoverySeconds)] int? RecoverySeconds);

/// <summary>The OpenAPI descriptions of the monitor fields (README: Monitor types and checks).</summary>
internal static class Monitor
{
    public const string Url = "http: an absolute http(s) URL; tcp: tcp://host:port; dns: dns://name; push: left out (shown as push://{id}).";
    public const string Type = "Monitor type: http (default), tcp, dns or push.";
    public const string Check = "How the monitor is checked; every field optional (README: Monitor types and checks). null or {}: the type's plain check.";
}

/// <summary>The OpenAPI descriptions of the name and tags.</summary>
internal static class Labels
{
    public const string Name = "Display name, 1–200 characters without control characters (trimmed).";
    public const string Tags = "Tags, at most 20, each " + WebsiteNameAndTags.TagRule + "; duplicates are removed.";
}

/// <summary>The OpenAPI descriptions of the verdict fields (README: Verdicts).</summary>
internal static class Verdict
{
    public const string Regions = "Regions (validator locations, VALIDATOR_LOCATION) that check the website, 1–20, compared case-insensitively; null: every region.";
    public const string ValidatorsPerRegion = "Validators of each region that check it, 1–100; null: all.";
    public const string DownQuorum = "Regions that must say Down for the website to be Down, 1–20; null: more than half of the regions with usable votes.";
    public const string FailingRounds = "Consecutive rounds (a slot's checks or a confirmation round) the quorum must say Down before the verdict is Down, 1–10.";
    public const string DegradedLatencyMs = "Latency (ms) above which a region's Good votes make it Degraded, 1–60000; null: none.";
    public const string IncidentOnDegraded = "Whether a Degraded verdict opens an incident too (Down always does).";
    public const string RecoverySeconds = "Seconds the verdict must stay good before an open incident resolves itself, 0–86400.";
}

public static class WebsiteBodyDocumentation
{
    /// <summary>
    /// Declares <typeparamref name="T"/> as the endpoint's JSON body in the OpenAPI document only: <c>Accepts</c> would also make
    /// routing answer 415 to another content type, where the handler's own reading names the problem.
    /// </summary>
    public static RouteHandlerBuilder DocumentsJsonBody<T>(this RouteHandlerBuilder builder) =>
        builder.AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = await context.GetOrCreateSchemaAsync(typeof(T), null, cancellationToken) },
                },
            });
}
