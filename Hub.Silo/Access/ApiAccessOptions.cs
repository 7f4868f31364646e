using Uptime.Hub.Hosting;

namespace Uptime.Hub.Access;

/// <summary>Who may read and change what through the REST API and the dashboard.</summary>
public sealed class ApiAccessOptions
{
    /// <summary>
    /// SHA-256 hashes of the admin API keys (comma-separated, 64 hex digits each, e.g. the output of
    /// <c>printf %s "$KEY" | sha256sum</c>). A key is sent as <c>Authorization: Bearer &lt;key&gt;</c> or logged in through
    /// <c>POST /api/session</c>. None configured: writes are refused, except in Development where they stay open (with a
    /// warning at start).
    /// </summary>
    [ConfigurationKeyName("HUB_ADMIN_KEY_HASHES"), Sha256ListSetting]
    public IReadOnlyList<byte[]> AdminKeyHashes { get; set; } = [];

    /// <summary>
    /// <c>public</c> (default) lets anyone read the API, the event stream, <c>/metrics</c> and the Orleans Dashboard;
    /// <c>key</c> requires an admin key or a session for them too. Health checks, the dashboard page shell and the login
    /// endpoints stay public.
    /// </summary>
    [ConfigurationKeyName("HUB_READ_ACCESS"), ChoiceSetting(typeof(ReadAccess))]
    public ReadAccess ReadAccess { get; set; } = ReadAccess.Public;

    /// <summary>
    /// Origins allowed to call the API from a browser (comma-separated exact origins such as
    /// <c>https://status.example.com</c>); none by default, so no CORS header is ever sent.
    /// </summary>
    [ConfigurationKeyName("HUB_CORS_ORIGINS"), OriginListSetting]
    public IReadOnlyList<string> CorsOrigins { get; set; } = [];

    /// <summary>Lifetime of a dashboard login session cookie (1–8760 hours, default 12).</summary>
    [ConfigurationKeyName("HUB_SESSION_HOURS"), HoursSetting(1, 24 * 365)]
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>
    /// REST writes (POST/PUT/PATCH/DELETE under <c>/api</c>) allowed per admin key per minute, whether sent with the key or
    /// its session (per client IP while Development leaves writes open) (default 120, 0 = no limit); the excess is answered
    /// 429 with Retry-After. Failed authentication has its own limit per client IP (<see cref="ApiRateLimits.AuthFailuresPerMinute"/>).
    /// </summary>
    [ConfigurationKeyName("HUB_API_WRITES_PER_MINUTE"), IntegerSetting(0, 1_000_000)]
    public int WritesPerMinute { get; set; } = 120;
}

/// <summary>Whether reading needs an admin key (<c>HUB_READ_ACCESS</c>).</summary>
public enum ReadAccess
{
    Public,
    Key,
}
