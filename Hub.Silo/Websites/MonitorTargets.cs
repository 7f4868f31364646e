using System.Net;
using Uptime.Protocol.Checks;
using Uptime.Security;

namespace Uptime.Hub.Websites;

/// <summary>
/// The URL rule of each monitor type: http(s) URLs by <see cref="WebsiteTargets"/>; <c>tcp://host:port</c> whose host
/// passes the same target rule; <c>dns://name</c> with a DNS name (the name is asked about, not dialled, so only the
/// check's <c>server</c>, which is dialled, must pass the target rule); no URL for push.
/// </summary>
public static class MonitorTargets
{
    public const int MaxDnsNameLength = 253;

    /// <summary>Null when <paramref name="url"/> fits a monitor of <paramref name="type"/> (no DNS asked), else the reason.</summary>
    public static string? CheckSyntax(WebsiteTargets targets, MonitorType type, string url) => type switch
    {
        MonitorType.Http => HttpProblem(targets, url),
        MonitorType.Tcp => TcpProblem(targets, url),
        MonitorType.Dns => DnsProblem(url),
        _ => $"url must be left out for a {MonitorTypeNames.NameOf(type)} monitor (it is shown as push://<website id>)",
    };

    /// <summary><see cref="CheckSyntax"/>, then the addresses the host resolves to now (http and tcp).</summary>
    public static async Task<string?> CheckAsync(WebsiteTargets targets, MonitorType type, string url, CancellationToken cancellationToken) =>
        CheckSyntax(targets, type, url) ?? type switch
        {
            MonitorType.Http => await targets.CheckAsync(url, cancellationToken),
            MonitorType.Tcp => Explain(await targets.RefusalAsync(AsHttp(url), cancellationToken)),
            _ => null,
        };

    /// <summary>Null when a DNS check may ask <paramref name="server"/> ("address" or "address:port"), else why not.</summary>
    public static string? ServerRefusal(WebsiteTargets targets, string server)
    {
        var address = IPEndPoint.TryParse(server, out var endPoint) ? endPoint.Address : null;
        return address is null || targets.AllowPrivate || TargetAddressPolicy.RefusalReason(address) is not { } reason
            ? null
            : $"check.server is refused: {reason} (a monitor must not reach the hub's own network; set ALLOW_PRIVATE_TARGETS=true on a private deployment)";
    }

    private static string? HttpProblem(WebsiteTargets targets, string url)
    {
        var problem = targets.CheckSyntax(url);
        return problem is not null && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "tcp" or "dns"
            ? $"{problem} (a {uri.Scheme} monitor needs \"type\":\"{uri.Scheme}\")"
            : problem;
    }

    private static string? TcpProblem(WebsiteTargets targets, string url)
    {
        const string Form = "url must be tcp://host:port, e.g. tcp://db.example.com:5432";
        if (url.Length > WebsiteInput.MaxUrlLength)
        {
            return $"url must be at most {WebsiteInput.MaxUrlLength} characters";
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != "tcp" || string.IsNullOrEmpty(uri.Host)
            || uri.IsDefaultPort || uri.Port is < 1 or > 65535 || uri.UserInfo.Length > 0 || uri.AbsolutePath is not ("" or "/")
            || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            return Form;
        }

        return Explain(TargetUrlRule.CheckSyntax(AsHttp(url), targets.AllowPrivate, out _));
    }

    private static string? DnsProblem(string url)
    {
        const string Form = "url must be dns://name, e.g. dns://example.com (the record type and expected answer go in check)";
        if (!url.StartsWith("dns://", StringComparison.Ordinal))
        {
            return Form;
        }

        var name = url["dns://".Length..].TrimEnd('.');
        var labels = name.Split('.');
        return name.Length is 0 or > MaxDnsNameLength || labels.Any(label => !IsLabel(label))
            ? $"{Form}; {name} is not a DNS name (labels of letters, digits, - and _, each 1–63 characters)"
            : null;
    }

    private static bool IsLabel(string label) =>
        label.Length is >= 1 and <= 63 && label[0] != '-' && label[^1] != '-' && label.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>The http URL with the same host and port, for the target rule, which reads http(s) URLs.</summary>
    private static string AsHttp(string tcpUrl) => $"http://{new Uri(tcpUrl).Authority}/";

    private static string? Explain(string? refusal) => refusal is null
        ? null
        : $"url is refused: {refusal} (a monitor must not reach the hub's own network; set ALLOW_PRIVATE_TARGETS=true on a private deployment)";
}
