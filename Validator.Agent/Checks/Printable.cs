using System.Text;

namespace Uptime.Agent.Checks;

/// <summary>What a server sent, as a short quoted text for a tick's error: UTF-8, control characters escaped, cut after <see cref="MaxCharacters"/>.</summary>
internal static class Printable
{
    public const int MaxCharacters = 64;

    public static string Quote(ReadOnlySpan<byte> bytes)
    {
        var text = Encoding.UTF8.GetString(bytes[..Math.Min(bytes.Length, (MaxCharacters + 1) * 4)]);
        var quoted = new StringBuilder("\"");
        var shown = 0;
        foreach (var c in text)
        {
            if (shown++ == MaxCharacters)
            {
                quoted.Append('…');
                break;
            }

            quoted.Append(c switch
            {
                '\r' => "\\r",
                '\n' => "\\n",
                '\t' => "\\t",
                '"' => "\\\"",
                '\\' => "\\\\",
                _ when char.IsControl(c) => $"\\x{(int)c:x2}",
                _ => c.ToString(),
            });
        }

        return quoted.Append('"').ToString();
    }

    public static string Quote(string text) => Quote(Encoding.UTF8.GetBytes(text));
}
