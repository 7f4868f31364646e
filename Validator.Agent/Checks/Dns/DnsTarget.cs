using System.Globalization;

namespace Uptime.Agent.Checks.Dns;

/// <summary>The name a DNS monitor's URL asks about, <c>dns://name</c> (an optional final "/"), in its ASCII (IDNA) form.</summary>
internal static class DnsTarget
{
    private const string Prefix = "dns://";
    private const int MaxNameLength = 253;

    private static readonly IdnMapping _idn = new();

    public static bool TryParse(string url, out string name)
    {
        name = "";
        if (!url.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var written = url[Prefix.Length..].TrimEnd('/').TrimEnd('.');
        if (written.Length is 0 or > MaxNameLength || written.Any(c => c is '/' or '?' or '#' or '@' or ':' or '[' or ']' || char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return false;
        }

        try
        {
            name = _idn.GetAscii(written);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
