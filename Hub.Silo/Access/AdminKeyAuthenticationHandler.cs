using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Uptime.Hub.Access;

/// <summary>
/// Authenticates a request by its admin key (<c>Authorization: Bearer &lt;key&gt;</c>) or, without that header, by its
/// <c>uptime_session</c> cookie, and says which in the <see cref="CredentialClaim"/>. A presented but wrong credential
/// fails; none at all is no result. Challenges answer 401 with <c>WWW-Authenticate: Bearer</c> and a problem body, or 429
/// once the client has failed too often (<see cref="AuthFailures"/>).
/// </summary>
public sealed class AdminKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiAccess access,
    SessionSecret secret,
    AuthFailures failures,
    TimeProvider time)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "AdminKey";
    public const string CookieName = "uptime_session";
    public const string KeyClaim = "admin_key";

    /// <summary>How the request was authenticated: <see cref="BearerCredential"/> or <see cref="SessionCredential"/>.</summary>
    public const string CredentialClaim = "credential";
    public const string BearerCredential = "bearer";
    public const string SessionCredential = "session";

    private const string BearerPrefix = "Bearer ";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return access.Keys.Match(header[BearerPrefix.Length..].Trim()) is { } fingerprint
                ? Success(fingerprint, BearerCredential)
                : AuthenticateResult.Fail("The admin key is not valid.");
        }

        if (!Request.Cookies.TryGetValue(CookieName, out var cookie) || cookie.Length == 0)
        {
            return AuthenticateResult.NoResult();
        }

        var tokens = await secret.GetTokensAsync(Context.RequestAborted);
        return tokens.Verify(cookie, time.GetUtcNow()) is { } session && access.Keys.IsCurrent(session)
            ? Success(session, SessionCredential)
            : AuthenticateResult.Fail("The session has expired or is not valid; log in again.");
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        if (result.Failure is not null && failures.Count(Context) is { } tooMany)
        {
            await tooMany.ExecuteAsync(Context);
            return;
        }

        Response.Headers.WWWAuthenticate = result.Failure is null ? "Bearer" : "Bearer error=\"invalid_token\"";
        await Results.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "An admin key is required",
            detail: result.Failure?.Message ?? "Send Authorization: Bearer <admin key>, or log in with POST /api/session {\"key\": \"…\"}.")
            .ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden").ExecuteAsync(Context);

    private AuthenticateResult Success(string fingerprint, string credential)
    {
        var identity = new ClaimsIdentity([new Claim(KeyClaim, fingerprint), new Claim(CredentialClaim, credential)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}
