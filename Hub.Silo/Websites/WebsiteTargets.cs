using System.Net;
using Uptime.Security;

namespace Uptime.Hub.Websites;

/// <summary>
/// Which website URLs the API accepts: absolute http(s) without credentials, and, unless <c>ALLOW_PRIVATE_TARGETS</c>, no
/// host that is or resolves to a loopback, private, link-local or other internal address (<see cref="TargetUrlRule"/>).
/// A name that does not resolve within <see cref="ResolveTimeout"/> is accepted: the agent applies the same rule to the
/// address it dials.
/// </summary>
public sealed class WebsiteTargets(bool allowPrivate, Func<string, CancellationToken, Task<IPAddress[]>> resolve)
{
    public static readonly TimeSpan ResolveTimeout = TimeSpan.FromSeconds(3);

    /// <summary>Whether private targets are allowed (<c>ALLOW_PRIVATE_TARGETS</c>).</summary>
    public bool AllowPrivate => allowPrivate;

    public WebsiteTargets(WebsiteTargetsOptions options)
        : this(options.AllowPrivateTargets, Dns.GetHostAddressesAsync)
    {
    }

    /// <summary>The checks that need no DNS; null when <paramref name="url"/> passes, else the reason for the API's error.</summary>
    public string? CheckSyntax(string url)
    {
        if (url.Length > WebsiteInput.MaxUrlLength)
        {
            return $"url must be at most {WebsiteInput.MaxUrlLength} characters";
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            return "url must be an absolute URL such as https://example.com/health";
        }

        if (uri.Scheme is not ("http" or "https"))
        {
            return $"url must use http or https, not {uri.Scheme}";
        }

        return Explain(TargetUrlRule.CheckSyntax(url, allowPrivate, out _));
    }

    /// <summary><see cref="CheckSyntax"/>, then every address the host resolves to now.</summary>
    public async Task<string?> CheckAsync(string url, CancellationToken cancellationToken) =>
        CheckSyntax(url) ?? Explain(await RefusalAsync(url, cancellationToken));

    /// <summary>
    /// The rule alone, for another feature's URLs (notification channels): null when <paramref name="url"/> may be reached,
    /// else the reason, without the website wording of <see cref="CheckAsync"/>.
    /// </summary>
    public async Task<string?> RefusalAsync(string url, CancellationToken cancellationToken)
    {
        var problem = TargetUrlRule.CheckSyntax(url, allowPrivate, out _);
        if (problem is not null || allowPrivate)
        {
            return problem;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ResolveTimeout);
        try
        {
            return await TargetUrlRule.CheckAsync(url, allowPrivate, resolve, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private static string? Explain(string? refusal) => refusal is null
        ? null
        : $"url is refused: {refusal} (a monitor must not reach the hub's own network; set ALLOW_PRIVATE_TARGETS=true on a private deployment)";
}
