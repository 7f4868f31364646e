namespace Uptime.Hub.Access;

/// <summary>
/// Response headers against content sniffing, framing, referrer leaks and injected scripts: <c>nosniff</c> on every
/// response; on HTML pages also a Content-Security-Policy, <c>X-Frame-Options: DENY</c> and <c>Referrer-Policy: no-referrer</c>.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>The dashboard: only its own files; <c>data:</c> images for the inline SVG favicon.</summary>
    public const string StrictPolicy =
        "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Swagger UI and the Orleans Dashboard ship pages with inline styles, data: images and (the Orleans Dashboard) data: fonts.</summary>
    public const string ToolPolicy =
        "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            if (context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true)
            {
                headers.ContentSecurityPolicy = PolicyFor(context.Request.Path);
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
            }

            return Task.CompletedTask;
        });
        return next(context);
    });

    public static string PolicyFor(PathString path) =>
        path.StartsWithSegments("/api/docs") || path.StartsWithSegments("/dashboard") ? ToolPolicy : StrictPolicy;
}
