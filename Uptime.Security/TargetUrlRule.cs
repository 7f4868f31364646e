using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Uptime.Security;

/// <summary>
/// Which website URLs may be checked: absolute http(s) without credentials, whose host is not a refused address
/// (<see cref="TargetAddressPolicy"/>) or a name for the local host or a metadata service, unless private targets are allowed.
/// </summary>
public static class TargetUrlRule
{
    private const int MaxLength = 2048;

    /// <summary>
    /// Null with the parsed <paramref name="uri"/> when <paramref name="url"/> passes the checks that need no DNS; otherwise why
    /// not. Literal addresses are checked in the form <see cref="Uri"/> and the resolver read them (decimal, hex, octal and
    /// short IPv4 forms, a final dot, full-width digits and dots), and a host ending in a number that is no valid IPv4
    /// address is refused.
    /// </summary>
    public static string? CheckSyntax(string url, bool allowPrivate, out Uri? uri)
    {
        uri = null;
        if (string.IsNullOrWhiteSpace(url))
        {
            return "URL is empty";
        }

        if (url.Length > MaxLength)
        {
            return $"URL is longer than {MaxLength} characters";
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var parsed))
        {
            return "URL is not a valid absolute URL";
        }

        if (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps)
        {
            return $"URL scheme must be http or https, not {parsed.Scheme}";
        }

        if (parsed.GetComponents(UriComponents.UserInfo | UriComponents.KeepDelimiter, UriFormat.UriEscaped).Length > 0)
        {
            return "URL must not contain credentials (user@ or user:password@)";
        }

        var error = CheckHost(parsed, allowPrivate, out _, out _);
        if (error is null)
        {
            uri = parsed;
        }

        return error;
    }

    /// <summary>
    /// <see cref="CheckSyntax"/>, then every address the host name resolves to must pass <see cref="TargetAddressPolicy"/>.
    /// A name that does not resolve now (the resolver throws a <see cref="SocketException"/> or returns nothing) is accepted:
    /// the agent applies the policy again to the address it dials.
    /// </summary>
    public static async Task<string?> CheckAsync(
        string url,
        bool allowPrivate,
        Func<string, CancellationToken, Task<IPAddress[]>> resolve,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resolve);
        var error = CheckSyntax(url, allowPrivate, out var uri);
        if (error is not null || allowPrivate)
        {
            return error;
        }

        CheckHost(uri!, allowPrivate, out var host, out var literal);
        if (literal is not null)
        {
            return null;
        }

        IPAddress[] addresses;
        try
        {
            addresses = await resolve(host, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException)
        {
            return null;
        }

        foreach (var address in addresses)
        {
            if (TargetAddressPolicy.RefusalReason(address) is { } reason)
            {
                return $"host {host} resolves to a refused address: {reason}";
            }
        }

        return null;
    }

    /// <summary>
    /// Checks the host a connection would use; <paramref name="host"/> is the name to resolve and <paramref name="literal"/>
    /// the address when the host is one.
    /// </summary>
    private static string? CheckHost(Uri uri, bool allowPrivate, out string host, out IPAddress? literal)
    {
        if (uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6)
        {
            host = uri.Host;
            literal = IPAddress.Parse(host.Trim('[', ']'));
            return allowPrivate ? null : TargetAddressPolicy.RefusalReason(literal);
        }

        // HttpClient connects to the IDNA form. With ICU that form maps full-width and other look-alike characters to ASCII;
        // in invariant globalization mode it does not, so the common look-alikes are also folded here and checked.
        host = WithoutFinalDot(uri.IdnHost);
        var error = CheckName(host, allowPrivate, out literal);
        if (error is null && !Ascii.IsValid(uri.Host))
        {
            error = CheckName(WithoutFinalDot(FoldLookAlikes(uri.Host)), allowPrivate, out _);
        }

        return error;
    }

    private static string? CheckName(string name, bool allowPrivate, out IPAddress? literal)
    {
        literal = null;
        if (name.Length == 0)
        {
            return "URL has no host";
        }

        if (EndsInNumber(name))
        {
            // Resolvers read such names as IPv4 (inet_aton forms); one that is no valid address must not reach them.
            if (!IPAddress.TryParse(name, out var address) || address.AddressFamily != AddressFamily.InterNetwork)
            {
                return $"host {name} ends in a number but is not a valid IPv4 address";
            }

            literal = address;
            return allowPrivate ? null : TargetAddressPolicy.RefusalReason(address);
        }

        if (allowPrivate)
        {
            return null;
        }

        if (name.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
        {
            return $"host {name} is a loopback name";
        }

        return name.Equals("metadata.google.internal", StringComparison.OrdinalIgnoreCase)
            ? $"host {name} is a cloud metadata name"
            : null;
    }

    private static string WithoutFinalDot(string name) => name.EndsWith('.') ? name[..^1] : name;

    /// <summary>Full-width ASCII, circled letters and the ideographic, full-width and half-width full stops, as IDNA maps them.</summary>
    private static string FoldLookAlikes(string name) => string.Create(name.Length, name, static (folded, source) =>
    {
        for (var i = 0; i < source.Length; i++)
        {
            var c = source[i];
            folded[i] = c switch
            {
                '\u3002' or '\uFF0E' or '\uFF61' => '.',
                >= '\uFF01' and <= '\uFF5E' => char.ToLowerInvariant((char)(c - 0xFEE0)),
                >= '\u24B6' and <= '\u24CF' => (char)('a' + (c - '\u24B6')),
                >= '\u24D0' and <= '\u24E9' => (char)('a' + (c - '\u24D0')),
                _ => c,
            };
        }
    });

    /// <summary>The WHATWG URL rule: the last label is decimal digits, or "0x" and hex digits.</summary>
    private static bool EndsInNumber(string host)
    {
        var last = host.AsSpan(host.LastIndexOf('.') + 1);
        if (last.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            return !last[2..].ContainsAnyExcept("0123456789abcdefABCDEF");
        }

        return last.Length > 0 && !last.ContainsAnyExceptInRange('0', '9');
    }
}
