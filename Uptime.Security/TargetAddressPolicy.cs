using System.Net;
using System.Net.Sockets;

namespace Uptime.Security;

/// <summary>
/// Which addresses a website check may connect to: only public unicast ones, so a website URL cannot make the hub or an
/// agent reach its own host, its private network or a cloud metadata service (SSRF).
/// </summary>
public static class TargetAddressPolicy
{
    private static readonly byte[] s_awsMetadata = IPAddress.Parse("fd00:ec2::254").GetAddressBytes();
    private static readonly byte[] s_nat64Prefix = [0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0];
    private static readonly byte[] s_localNat64Prefix = [0, 0x64, 0xff, 0x9b, 0, 1];

    /// <summary>Null when <paramref name="address"/> may be checked; otherwise why not, e.g. "127.0.0.1 is a loopback address".</summary>
    public static string? RefusalReason(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var length);
        bytes = bytes[..length];
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return DescribeV4(bytes) is { } description ? $"{address} is {description}" : null;
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return $"{address} is not an IP address";
        }

        var v6Description = DescribeV6(bytes);
        if (v6Description is not null)
        {
            return $"{address} is {v6Description}";
        }

        if (EmbeddedV4(bytes, out var form) is { } embedded && DescribeV4(embedded) is { } v4Description)
        {
            return $"{address} is {form} form of {new IPAddress(embedded)}, {v4Description}";
        }

        return null;
    }

    private static string? DescribeV4(ReadOnlySpan<byte> a) => (a[0], a[1]) switch
    {
        (0, _) => "an address of \"this network\" (0.0.0.0/8)",
        (10, _) => "a private address",
        (100, >= 64 and < 128) => "a carrier-grade NAT address (100.64.0.0/10)",
        (127, _) => "a loopback address",
        (169, 254) when a[2] == 169 && a[3] == 254 => "a cloud metadata address",
        (169, 254) => "a link-local address",
        (172, >= 16 and < 32) => "a private address",
        (192, 168) => "a private address",
        (198, 18 or 19) => "a benchmarking address (198.18.0.0/15)",
        (>= 224 and < 240, _) => "a multicast address",
        (255, 255) when a[2] == 255 && a[3] == 255 => "the broadcast address",
        (>= 240, _) => "a reserved address (240.0.0.0/4)",
        _ => null,
    };

    private static string? DescribeV6(ReadOnlySpan<byte> a)
    {
        if (a[..15].IndexOfAnyExcept((byte)0) < 0)
        {
            return a[15] switch
            {
                0 => "the unspecified address",
                1 => "a loopback address",
                _ => null,
            };
        }

        if (a.SequenceEqual(s_awsMetadata))
        {
            return "a cloud metadata address";
        }

        return (a[0], a[1] & 0xc0) switch
        {
            (0xfc or 0xfd, _) => "a unique local address (fc00::/7)",
            (0xfe, 0x80) => "a link-local address",
            (0xfe, 0xc0) => "a site-local address",
            (0xff, _) => "a multicast address",
            _ => a[..6].SequenceEqual(s_localNat64Prefix) ? "a local-use NAT64 address (64:ff9b:1::/48)" : null,
        };
    }

    /// <summary>The IPv4 address carried by IPv4-mapped (::ffff:0:0/96), IPv4-compatible (::/96), NAT64 (64:ff9b::/96) and 6to4 (2002::/16) addresses.</summary>
    private static byte[]? EmbeddedV4(ReadOnlySpan<byte> a, out string form)
    {
        if (a[..10].IndexOfAnyExcept((byte)0) < 0 && a[10] == 0xff && a[11] == 0xff)
        {
            form = "an IPv4-mapped";
            return a[12..].ToArray();
        }

        if (a[..12].IndexOfAnyExcept((byte)0) < 0)
        {
            form = "an IPv4-compatible";
            return a[12..].ToArray();
        }

        if (a[..12].SequenceEqual(s_nat64Prefix))
        {
            form = "a NAT64";
            return a[12..].ToArray();
        }

        if (a[0] == 0x20 && a[1] == 0x02)
        {
            form = "a 6to4";
            return a[2..6].ToArray();
        }

        form = "";
        return null;
    }
}
