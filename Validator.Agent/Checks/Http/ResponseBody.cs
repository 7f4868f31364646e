using System.Buffers;
using System.Text;

namespace Uptime.Agent.Checks.Http;

/// <summary>Reads the start of a response body as UTF-8 text, at most a given number of bytes; the rest is never read.</summary>
internal static class ResponseBody
{
    public static async Task<string> ReadAsync(HttpContent content, int maxBytes, CancellationToken cancellationToken)
    {
        if (maxBytes <= 0)
        {
            return "";
        }

        var buffer = ArrayPool<byte>.Shared.Rent(maxBytes);
        try
        {
            await using var stream = await content.ReadAsStreamAsync(cancellationToken);
            var length = 0;
            int read;
            while (length < maxBytes && (read = await stream.ReadAsync(buffer.AsMemory(length, maxBytes - length), cancellationToken)) > 0)
            {
                length += read;
            }

            return Encoding.UTF8.GetString(buffer, 0, length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
