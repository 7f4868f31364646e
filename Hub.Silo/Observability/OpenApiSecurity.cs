using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Uptime.Hub.Access;

namespace Uptime.Hub.Observability;

/// <summary>
/// The OpenAPI document's security, as <see cref="AdminKeyAuthenticationHandler"/> accepts it: the admin key in
/// <c>Authorization: Bearer</c> (what Swagger UI's Authorize dialog sends) or the dashboard's session cookie. Each operation
/// that needs one of them under this hub's rules (writes unless left open; reads with <c>HUB_READ_ACCESS=key</c>) requires
/// either.
/// </summary>
public static class OpenApiSecurity
{
    public const string AdminKeyScheme = "adminKey";
    public const string SessionScheme = "session";

    public static void Add(OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.AddComponent<IOpenApiSecurityScheme>(AdminKeyScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An admin key, sent as `Authorization: Bearer <key>` (the key itself; the hub knows its SHA-256 from "
                    + "HUB_ADMIN_KEY_HASHES). Paste it in the Authorize dialog to try writes here.",
            });
            document.AddComponent<IOpenApiSecurityScheme>(SessionScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Cookie,
                Name = AdminKeyAuthenticationHandler.CookieName,
                Description = "The dashboard's session: the HttpOnly cookie `POST /api/session {\"key\": …}` sets, which the browser "
                    + "sends by itself (it cannot be typed in here). A write with it must come from the hub's own page "
                    + "(`Sec-Fetch-Site: same-origin`, or an `Origin` that is the hub) and declare `Content-Type: application/json`.",
            });
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var access = context.ApplicationServices.GetRequiredService<ApiAccess>();
            var policy = context.Description.ActionDescriptor.EndpointMetadata.OfType<AuthorizeAttribute>().Select(a => a.Policy).FirstOrDefault();
            var needsKey = policy switch
            {
                ApiAccessPolicies.Write => !access.WritesOpen,
                ApiAccessPolicies.Read => !access.ReadsOpen,
                _ => false,
            };
            if (needsKey)
            {
                operation.Security =
                [
                    new() { [new OpenApiSecuritySchemeReference(AdminKeyScheme, context.Document)] = [] },
                    new() { [new OpenApiSecuritySchemeReference(SessionScheme, context.Document)] = [] },
                ];
            }

            return Task.CompletedTask;
        });
    }
}
