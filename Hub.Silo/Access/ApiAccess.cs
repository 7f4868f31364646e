
namespace Uptime.Hub.Access;

/// <summary>The access rules in force: the configured keys and what is open without one.</summary>
public sealed class ApiAccess(ApiAccessOptions options, bool isDevelopment)
{
    public AdminKeys Keys { get; } = new(options.AdminKeyHashes);

    public ApiAccessOptions Options => options;

    /// <summary>Writes need no key: only in Development, and only while no key is configured.</summary>
    public bool WritesOpen => !Keys.IsConfigured && isDevelopment;

    public bool ReadsOpen => options.ReadAccess == ReadAccess.Public || WritesOpen;
}
