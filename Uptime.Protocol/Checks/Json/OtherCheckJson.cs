using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Uptime.Protocol.Checks.Json;

/// <summary>The <c>check</c> objects of TCP, DNS and push monitors.</summary>
internal static class OtherCheckJson
{
    public const int MaxExpectedLength = 1024;

    private static readonly IReadOnlyList<string> _tcpFields = ["send", "expect", "timeoutSeconds"];
    private static readonly IReadOnlyList<string> _dnsFields = ["recordType", "server", "expected", "timeoutSeconds"];
    private static readonly IReadOnlyList<string> _pushFields = ["graceSeconds"];

    public static TcpCheckDefinition ReadTcp(JsonElement element, string path)
    {
        var check = CheckJsonObject.Open(element, path, _tcpFields);
        return new TcpCheckDefinition(
            check.Utf8("send", TcpCheckDefinition.MaxSendBytes),
            check.Utf8("expect", TcpCheckDefinition.MaxExpectBytes),
            Timeout(check));
    }

    public static DnsCheckDefinition ReadDns(JsonElement element, string path)
    {
        var check = CheckJsonObject.Open(element, path, _dnsFields);
        var recordType = check.String("recordType", 16) ?? DnsCheckDefinition.Plain.RecordType;
        if (!DnsCheckDefinition.RecordTypes.Contains(recordType))
        {
            throw new CheckDefinitionProblem($"{check.At("recordType")} must be one of {string.Join(", ", DnsCheckDefinition.RecordTypes)} (upper case)");
        }

        var server = check.String("server", 64);
        return new DnsCheckDefinition(
            recordType,
            server is null ? null : Server(server) ?? throw new CheckDefinitionProblem(
                $"{check.At("server")} must be an IP address, optionally with a port: 9.9.9.9, 9.9.9.9:53, 2620:fe::fe or [2620:fe::fe]:53"),
            check.Utf8("expected", MaxExpectedLength),
            Timeout(check));
    }

    public static PushCheckDefinition ReadPush(JsonElement element, string path)
    {
        var check = CheckJsonObject.Open(element, path, _pushFields);
        return new PushCheckDefinition(check.Int("graceSeconds", 0, PushCheckDefinition.MaxGraceSeconds, PushCheckDefinition.DefaultGraceSeconds));
    }

    public static void Write(Utf8JsonWriter writer, TcpCheckDefinition check)
    {
        writer.WriteString("send", check.Send);
        writer.WriteString("expect", check.Expect);
        writer.WriteNumber("timeoutSeconds", check.TimeoutSeconds);
    }

    public static void Write(Utf8JsonWriter writer, DnsCheckDefinition check)
    {
        writer.WriteString("recordType", check.RecordType);
        writer.WriteString("server", check.Server);
        writer.WriteString("expected", check.Expected);
        writer.WriteNumber("timeoutSeconds", check.TimeoutSeconds);
    }

    public static void Write(Utf8JsonWriter writer, PushCheckDefinition check) => writer.WriteNumber("graceSeconds", check.GraceSeconds);

    /// <summary>
    /// The server's endpoint in its canonical text ("address" or "address:port", IPv6 in brackets with a port); null when it
    /// is none. An IPv4 address must have its four parts (IPAddress alone also reads "1" as 0.0.0.1).
    /// </summary>
    public static string? Server(string text)
    {
        if (!IPEndPoint.TryParse(text, out var endPoint))
        {
            return null;
        }

        var hasPort = endPoint.Port != 0;
        if (endPoint.AddressFamily == AddressFamily.InterNetwork && text.Split(':')[0].Count(c => c == '.') != 3)
        {
            return null;
        }

        if (hasPort != (endPoint.AddressFamily == AddressFamily.InterNetwork ? text.Contains(':') : text.StartsWith('[')))
        {
            return null;
        }

        return hasPort ? endPoint.ToString() : endPoint.Address.ToString();
    }

    private static int Timeout(CheckJsonObject check) =>
        check.Int("timeoutSeconds", HttpCheckDefinition.MinTimeoutSeconds, HttpCheckDefinition.MaxTimeoutSeconds, HttpCheckDefinition.DefaultTimeoutSeconds);
}
