namespace Uptime.Protocol;

/// <summary>Syntax of an Ethereum address: <c>0x</c> followed by 40 hex digits (20 bytes), any letter case.</summary>
public static class EthereumAddress
{
    public static bool IsValid(string? value)
    {
        if (value is null || value.Length != 42 || value[0] != '0' || (value[1] != 'x' && value[1] != 'X'))
        {
            return false;
        }

        foreach (var c in value.AsSpan(2))
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The identity of an address: addresses differ only by checksum casing, so compare lower-cased.</summary>
    public static string Normalize(string value) => value.ToLowerInvariant();
}
