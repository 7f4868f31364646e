using System.Text;

namespace Uptime.EndToEnd.Tests.Security;

/// <summary>
/// Seeded hostile inputs: random bytes, truncated and deeply nested JSON, huge strings, wrong types, unknown fields and
/// types. The same seed gives the same inputs, so a failure can be replayed.
/// </summary>
internal static class HostileJson
{
    private const string WebsiteBody = """{"url":"https://example.com/health","interval":30}""";

    /// <summary>Bodies for POST/PUT /api/websites; none of them is a valid website.</summary>
    public static IEnumerable<byte[]> Bodies(int seed)
    {
        var random = new Random(seed);
        foreach (var text in Common(random, WebsiteBody))
        {
            yield return Encoding.UTF8.GetBytes(text);
        }

        foreach (var text in new[]
        {
            """{"url":12,"interval":30}""",
            """{"url":["https://example.com"],"interval":30}""",
            """{"url":{"href":"https://example.com"},"interval":30}""",
            """{"url":null,"interval":30}""",
            """{"url":true}""",
            """{"url":"https://example.com","interval":"30"}""",
            """{"url":"https://example.com","interval":30.5}""",
            """{"url":"https://example.com","interval":-30}""",
            """{"url":"https://example.com","interval":1e400}""",
            """{"url":"https://example.com","interval":99999999999999999999}""",
            """{"url":"https://example.com","interval":30,"enabled":"yes"}""",
            """{"url":"https://example.com","interval":30,"admin":true}""",
            """{"url":"https://example.com","url":"https://evil.example","interval":30}""",
            """{"url":"javascript:alert(1)","interval":30}""",
            """{"url":"file:///etc/passwd","interval":30}""",
            """{"url":"gopher://example.com:25/","interval":30}""",
            """{"url":"https://user:secret@example.com/","interval":30}""",
            """{"url":"https://exa\u0000mple.com/","interval":30}""",
            """{"url":"//example.com/relative","interval":30}""",
            """{"url":"","interval":30}""",
            "{\"url\":\"https://example.com/" + new string('a', 20_000) + "\",\"interval\":30}",
        })
        {
            yield return Encoding.UTF8.GetBytes(text);
        }

        yield return [];
        yield return [0xEF, 0xBB, 0xBF];
        yield return [(byte)'{', (byte)'"', (byte)'u', (byte)'r', (byte)'l', (byte)'"', (byte)':', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)'}'];
    }

    /// <summary>Frames for the validator WebSocket; none of them is a valid message.</summary>
    public static IEnumerable<string> Frames(int seed)
    {
        var random = new Random(seed);
        const string Tick = """{"type":"TICK_RESULT","payload":{"websiteId":"7d7c5b5e-2f6a-4a44-9d7e-0d0f4f1c1e11","status":"Good","latency":12.5,"timestamp":"2025-11-20T12:00:00Z","error":null}}""";
        foreach (var text in Common(random, Tick))
        {
            yield return text;
        }

        foreach (var text in new[]
        {
            """{"type":"TICK_RESULT","payload":[]}""",
            """{"type":"TICK_RESULT","payload":"x"}""",
            """{"type":"TICK_RESULT","payload":{"websiteId":7,"status":"Good","latency":1,"timestamp":"2025-11-20T12:00:00Z"}}""",
            """{"type":"TICK_RESULT","payload":{"websiteId":"7d7c5b5e-2f6a-4a44-9d7e-0d0f4f1c1e11","status":["Good"],"latency":1,"timestamp":"2025-11-20T12:00:00Z"}}""",
            """{"type":"TICK_RESULT","payload":{"websiteId":"7d7c5b5e-2f6a-4a44-9d7e-0d0f4f1c1e11","status":"Good","latency":1e400,"timestamp":"2025-11-20T12:00:00Z"}}""",
            """{"type":"TICK_RESULT","payload":{"websiteId":"7d7c5b5e-2f6a-4a44-9d7e-0d0f4f1c1e11","status":"Good","latency":1,"timestamp":"9999-99-99T99:99:99Z"}}""",
            """{"type":"TICK_RESULT","payload":{"websiteId":"7d7c5b5e-2f6a-4a44-9d7e-0d0f4f1c1e11","status":"Good","latency":1,"timestamp":"2025-11-20T12:00:00Z","tickId":"x"}}""",
            """{"type":"HEARTBEAT","payload":{"timestamp":["2025-11-20T12:00:00Z"]}}""",
            """{"type":"REGISTER","payload":{"publicKey":{"a":1},"location":"Lab"}}""",
            """{"type":"REGISTER","payload":{"publicKey":"0x742d35Cc6634C0532925a3b844Bc9e7595f0bEb1","location":"Lab","signature":12}}""",
            """{"type":"REGISTERED","payload":{}}""",
            """{"type":"CHECK_WEBSITE","payload":{"websites":[]}}""",
            """{"type":"","payload":{}}""",
            """{"type":null,"payload":{}}""",
            """{"type":"register","payload":{}}""",
            "{\"type\":\"" + new string('T', 10_000) + "\",\"payload\":{}}",
            "{\"type\":\"TICK_RESULT\",\"payload\":{\"websiteId\":\"7d7c5b5e-2f6a-4a44-9d7e-0d0f4f1c1e11\",\"status\":\"Bad\",\"latency\":1,\"timestamp\":\"2025-11-20T12:00:00Z\",\"error\":\"" + new string('e', 40_000) + "\"}}",
        })
        {
            yield return text;
        }
    }

    /// <summary>A short, printable description of an input for assertion messages.</summary>
    public static string Describe(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body);
        return text.Length <= 80 ? $"\"{text}\"" : $"\"{text[..80]}…\" ({body.Length} bytes)";
    }

    private static IEnumerable<string> Common(Random random, string valid)
    {
        for (var i = 0; i < 15; i++)
        {
            var bytes = new byte[random.Next(1, 200)];
            random.NextBytes(bytes);
            yield return Encoding.Latin1.GetString(bytes);
        }

        for (var cut = 1; cut < valid.Length - 1; cut += 1 + random.Next(6))
        {
            yield return valid[..cut];
        }

        yield return new string('[', 100) + new string(']', 100);
        yield return new string('[', 50_000);
        yield return string.Concat(Enumerable.Repeat("{\"a\":", 5_000)) + "1" + new string('}', 5_000);
        yield return "[]";
        yield return "\"just a string\"";
        yield return "42";
        yield return "null";
        yield return "{}";
        yield return "{\"type\":1,\"payload\":{}}";
        yield return "{\"type\":\"UNKNOWN_TYPE\",\"payload\":{}}";
    }
}
