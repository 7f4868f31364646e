using System.Net;
using DnsClient;
using DnsClient.Protocol;

namespace Uptime.Agent.Checks.Dns;

/// <summary>
/// An answer record as a tick's error shows it, and whether it is a DNS check's <c>expected</c> value. Expected takes the
/// shown form: A/AAAA an address (compared as addresses: "::1" equals "0:0::1"); CNAME, NS, PTR a name; MX "preference host"
/// or the host alone; SRV "priority weight port target" or the target alone; TXT the record's strings joined without a
/// separator (exact); SOA the primary server's name; CAA "tag value" (e.g. "issue letsencrypt.org"). Names compare
/// case-insensitively and without the final dot.
/// </summary>
internal static class DnsAnswers
{
    public static string Show(DnsResourceRecord record) => record switch
    {
        AddressRecord address => address.Address.ToString(),
        CNameRecord alias => Name(alias.CanonicalName),
        NsRecord server => Name(server.NSDName),
        PtrRecord pointer => Name(pointer.PtrDomainName),
        MxRecord mail => $"{mail.Preference} {Name(mail.Exchange)}",
        SrvRecord service => $"{service.Priority} {service.Weight} {service.Port} {Name(service.Target)}",
        TxtRecord text => string.Concat(text.Text),
        SoaRecord authority => Name(authority.MName),
        CaaRecord authorization => $"{authorization.Tag} {authorization.Value}",
        _ => record.ToString(),
    };

    public static bool Matches(DnsResourceRecord record, string expected) => record switch
    {
        AddressRecord address => IPAddress.TryParse(expected.Trim(), out var parsed) && parsed.Equals(address.Address),
        CNameRecord or NsRecord or PtrRecord or SoaRecord => SameName(Show(record), expected),
        MxRecord mail => SameName(Name(mail.Exchange), expected) || SameFields(Show(record), expected),
        SrvRecord service => SameName(Name(service.Target), expected) || SameFields(Show(record), expected),
        CaaRecord authorization => expected.Split(' ', 2) is [var tag, var value]
            && tag.Equals(authorization.Tag, StringComparison.OrdinalIgnoreCase)
            && value == authorization.Value,
        _ => Show(record) == expected,
    };

    private static string Name(DnsString name) => name.Value.TrimEnd('.');

    private static bool SameName(string shown, string expected) =>
        string.Equals(shown, expected.Trim().TrimEnd('.'), StringComparison.OrdinalIgnoreCase);

    /// <summary>Numbers equal and the final name the same: "10 mail.example.com" is "10 MAIL.example.com.".</summary>
    private static bool SameFields(string shown, string expected)
    {
        var shownFields = shown.Split(' ');
        var expectedFields = expected.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return shownFields.Length == expectedFields.Length
            && shownFields[..^1].SequenceEqual(expectedFields[..^1])
            && SameName(shownFields[^1], expectedFields[^1]);
    }
}
