using Uptime.Hub.Access;
using Uptime.Hub.Database;
using Uptime.Hub.Hosting;

namespace Uptime.Hub.Push;

/// <summary>
/// The URLs push monitors' jobs call: HUB_PUBLIC_URL (or the request's own base) + <c>/api/push/{token}</c>. The token is
/// a secret, so a URL is only shown to a caller allowed to write (reads may be public).
/// </summary>
public sealed class PushUrls(PushTokens tokens, ApiAccess access, HubOptions hub)
{
    public const string Route = "/api/push";

    /// <summary>The push URLs of those of <paramref name="websiteIds"/> that are push monitors; none for a caller that may not write.</summary>
    public async Task<IReadOnlyDictionary<Guid, string>> ForAsync(HttpContext context, IReadOnlyCollection<Guid> websiteIds)
    {
        if (!MayWrite(context))
        {
            return new Dictionary<Guid, string>();
        }

        try
        {
            var found = await tokens.OfPushMonitorsAsync(websiteIds, context.RequestAborted);
            return found.ToDictionary(pair => pair.Key, pair => Of(context.Request, pair.Value));
        }
        catch (Exception e) when (DatabaseUnavailable.Explain(e) is not null)
        {
            // A list answered from this silo's memory while the database is away goes without them.
            return new Dictionary<Guid, string>();
        }
    }

    public async Task<string?> ForAsync(HttpContext context, Guid websiteId) =>
        (await ForAsync(context, [websiteId])).GetValueOrDefault(websiteId);

    public string Of(HttpRequest request, string token)
    {
        var root = hub.PublicUrl is { } publicUrl
            ? publicUrl.AbsoluteUri.TrimEnd('/')
            : $"{request.Scheme}://{request.Host}{request.PathBase}";
        return $"{root}{Route}/{token}";
    }

    private bool MayWrite(HttpContext context) =>
        access.WritesOpen || context.User.Identities.Any(i => i.AuthenticationType == AdminKeyAuthenticationHandler.SchemeName);
}
