using System.Text.Json;
using System.Threading.Channels;

namespace Uptime.Hub.Tests.Incidents;

/// <summary>A client of the hub's <c>/api/events</c> (server-sent events), connected once the hub's <c>hello</c> arrived.</summary>
public sealed class EventStreamReader : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<(string Type, string Data)> _events = Channel.CreateUnbounded<(string, string)>();
    private Task _reading = Task.CompletedTask;

    private EventStreamReader(HttpClient http) => _http = http;

    public static async Task<EventStreamReader> OpenAsync(Uri hub)
    {
        var reader = new EventStreamReader(new HttpClient { BaseAddress = hub, Timeout = Timeout.InfiniteTimeSpan });
        var response = await reader._http.GetAsync("api/events", HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        reader._reading = reader.ReadAsync(response);
        await reader.NextAsync("hello", TimeSpan.FromSeconds(10));
        return reader;
    }

    /// <summary>
    /// The data of the next event of <paramref name="type"/> that <paramref name="where"/> accepts (others are skipped); fails
    /// after <paramref name="timeout"/>.
    /// </summary>
    public async Task<JsonElement> NextAsync(string type, TimeSpan timeout, Func<JsonElement, bool>? where = null)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var (eventType, data) = await _events.Reader.ReadAsync(deadline.Token);
                if (eventType == type && JsonDocument.Parse(data).RootElement.Clone() is var element && (where?.Invoke(element) ?? true))
                {
                    return element;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no {type} event within {timeout.TotalSeconds} s");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _reading;
        _http.Dispose();
        _stop.Dispose();
    }

    private async Task ReadAsync(HttpResponseMessage response)
    {
        try
        {
            using (response)
            {
                using var lines = new StreamReader(await response.Content.ReadAsStreamAsync(_stop.Token));
                var type = "message";
                var data = "";
                while (await lines.ReadLineAsync(_stop.Token) is { } line)
                {
                    if (line.StartsWith("event: ", StringComparison.Ordinal))
                    {
                        type = line["event: ".Length..];
                    }
                    else if (line.StartsWith("data: ", StringComparison.Ordinal))
                    {
                        data = line["data: ".Length..];
                    }
                    else if (line.Length == 0)
                    {
                        _events.Writer.TryWrite((type, data));
                        (type, data) = ("message", "");
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
        catch (IOException)
        {
            // The hub stopped.
        }
    }
}
