using System.ComponentModel;
using Microsoft.OpenApi;

namespace Uptime.Hub.Websites;

/// <summary>
/// The bodies of <c>POST</c> and <c>PATCH /api/websites</c> as the OpenAPI document describes them (so Swagger UI offers a
/// body to edit); the hub reads them with <see cref="WebsiteInput"/>, which refuses any other field.
/// </summary>
public sealed record NewWebsiteBody(
    [property: Description("Absolute http(s) URL to check.")] string Url,
    [property: Description("Seconds between checks, 10–86400."), DefaultValue(WebsiteInput.DefaultInterval)] int? Interval);

/// <summary>The fields of <c>PATCH /api/websites/{id}</c>, each optional.</summary>
public sealed record WebsiteChangeBody(
    [property: Description("Absolute http(s) URL to check.")] string? Url,
    [property: Description("Seconds between checks, 10–86400.")] int? Interval,
    [property: Description("Whether the website is checked.")] bool? Enabled);

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
