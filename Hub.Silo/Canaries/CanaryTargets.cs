using System.Collections.Frozen;
using System.Collections.Immutable;
using Uptime.Grains;
using Uptime.Hub.Hosting;

namespace Uptime.Hub.Canaries;

/// <summary>
/// The canaries of this hub: its own <see cref="CanaryEndpoint"/> under HUB_PUBLIC_URL when that is set (without it the
/// hub cannot know the address validators reach it at: behind a proxy or NAT its listen address is not it), then
/// HUB_CANARY_URLS. Each canary is checked as a website whose id is a name-based UUID (RFC 9562 version 5) of its URL, so
/// every silo derives the same id and the check tokens, tick ids and admission rule of any check apply to it.
/// </summary>
public sealed class CanaryTargets
{
    private static readonly Guid _namespace = new("8d3c1f6e-2b7a-4e95-a0d4-6c9b51e2f873");

    private readonly FrozenSet<Guid> _ids;

    public CanaryTargets(HubOptions hub, CanaryOptions options)
    {
        IReadOnlyList<string> urls = hub.PublicUrl is { } publicUrl ? [new Uri(publicUrl, CanaryEndpoint.Path).AbsoluteUri, .. options.Urls] : options.Urls;
        All = [.. urls.Distinct(StringComparer.Ordinal).Select(url => new Canary(IdOf(url), url))];
        Interval = options.Interval;
        _ids = All.Select(canary => canary.Id).ToFrozenSet();
    }

    public ImmutableArray<Canary> All { get; }

    public TimeSpan Interval { get; }

    public bool IsCanary(Guid websiteId) => _ids.Contains(websiteId);

    /// <summary>One check of every canary, due at <paramref name="dueAt"/>: a canary round.</summary>
    public ImmutableArray<CheckItem> Round(DateTime dueAt) =>
        [.. All.Select(canary => new CheckItem(canary.Id, canary.Url, (int)Interval.TotalSeconds, dueAt))];

    public static Guid IdOf(string url) => NameBasedUuid.Create(_namespace, url);
}

/// <summary>One canary: a URL every validator checks each round, as the website <c>Id</c>.</summary>
public sealed record Canary(Guid Id, string Url);
