using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;
using Uptime.Protocol;
using Uptime.Security;
using Xunit.Sdk;
using TickStatus = Uptime.Protocol.TickStatus;

namespace Uptime.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A raw validator socket for protocol tests: sends any text frame and receives the hub's frames, parsed, through
/// a background receive loop, so every wait is bounded without aborting the socket. Connecting waits for the hub's
/// CHALLENGE, whose nonce signed registrations use.
/// </summary>
internal sealed class HubClient : IAsyncDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private readonly ClientWebSocket _socket;
    private readonly HubProcess _hub;
    private readonly Channel<Incoming> _incoming = Channel.CreateUnbounded<Incoming>();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private Task _receiving = Task.CompletedTask;

    private HubClient(ClientWebSocket socket, HubProcess hub)
    {
        _socket = socket;
        _hub = hub;
    }

    public WebSocketState State => _socket.State;

    /// <summary>The CHALLENGE the hub opened this connection with.</summary>
    public ChallengeMessage Challenge { get; private set; } = null!;

    /// <summary>
    /// Opens a socket to the hub's gateway at <paramref name="path"/> (the spec's <c>/</c> by default) and waits for its
    /// CHALLENGE; <paramref name="configure"/> may add request headers (a bearer token, X-Forwarded-For).
    /// </summary>
    public static async Task<HubClient> ConnectAsync(HubProcess hub, string path = "/", Action<ClientWebSocketOptions>? configure = null)
    {
        var socket = new ClientWebSocket();
        socket.Options.RemoteCertificateValidationCallback = (_, presented, _, _) => hub.IsTrusted(presented);
        configure?.Invoke(socket.Options);
        using var timeout = new CancellationTokenSource(DefaultTimeout);
        try
        {
            await socket.ConnectAsync(new Uri(hub.WebSocketAddress, path), timeout.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            socket.Dispose();
            throw new XunitException($"Could not open a WebSocket to {new Uri(hub.WebSocketAddress, path)}: {e.Message}{hub.Diagnostics}");
        }

        var client = new HubClient(socket, hub);
        client._receiving = client.ReceiveLoopAsync();
        client.Challenge = await client.ReceiveAsync<ChallengeMessage>();
        return client;
    }

    public Task SendTextAsync(string text) => SendFrameAsync(Encoding.UTF8.GetBytes(text));

    public Task SendAsync(ValidatorMessage message) => SendFrameAsync(MessageWriter.ToUtf8(message));

    public async Task SendFrameAsync(byte[] frame)
    {
        await _sendLock.WaitAsync();
        try
        {
            using var timeout = new CancellationTokenSource(DefaultTimeout);
            await _socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Sends an unsigned REGISTER, announcing <paramref name="capabilities"/> when given (null: a spec-only client), and returns the hub's REGISTERED.</summary>
    public async Task<RegisteredMessage> RegisterAsync(string publicKey, string location = "E2E Lab", IReadOnlyList<string>? capabilities = null)
    {
        await SendAsync(new RegisterMessage(publicKey, location, Capabilities: capabilities));
        return await ReceiveAsync<RegisteredMessage>();
    }

    /// <summary>A REGISTER of <paramref name="key"/>'s address signed over this connection's CHALLENGE nonce.</summary>
    public RegisterMessage SignedRegister(ValidatorKey key, string location = "E2E Lab") =>
        new(key.Address, location, key.SignPersonalMessage(SignedTexts.Registration(key.Address, location, Challenge.Nonce)));

    /// <summary>Sends a signed REGISTER and returns the hub's REGISTERED.</summary>
    public async Task<RegisteredMessage> RegisterSignedAsync(ValidatorKey key, string location = "E2E Lab")
    {
        await SendAsync(SignedRegister(key, location));
        return await ReceiveAsync<RegisteredMessage>();
    }

    /// <summary>Sends HEARTBEAT and returns the hub's HEARTBEAT_ACK.</summary>
    public async Task<HeartbeatAckMessage> HeartbeatAsync()
    {
        await SendAsync(new HeartbeatMessage(DateTime.UtcNow));
        return await ReceiveAsync<HeartbeatAckMessage>();
    }

    /// <summary>
    /// The next message, which must be a <typeparamref name="T"/>; CHECK_WEBSITE frames (sent whenever a website
    /// is due) are skipped unless <typeparamref name="T"/> is <see cref="CheckWebsiteMessage"/>. Anything else,
    /// a close, or nothing within the time-out fails the test.
    /// </summary>
    public async Task<T> ReceiveAsync<T>(TimeSpan? timeout = null)
        where T : HubMessage
    {
        var wait = timeout ?? DefaultTimeout;
        using var deadline = new CancellationTokenSource(wait);
        while (true)
        {
            var item = await NextAsync(typeof(T).Name, wait, deadline.Token);
            switch (item.Message)
            {
                case T wanted:
                    return wanted;
                case CheckWebsiteMessage:
                    continue;
                default:
                    throw new XunitException($"Expected {typeof(T).Name} but the hub sent {item.Describe()}{_hub.Diagnostics}");
            }
        }
    }

    /// <summary>The next CHECK_WEBSITE frame that lists <paramref name="websiteId"/> (other messages are skipped).</summary>
    public async Task<WebsiteCheck> ReceiveCheckForAsync(Guid websiteId, TimeSpan? timeout = null)
    {
        var wait = timeout ?? DefaultTimeout;
        using var deadline = new CancellationTokenSource(wait);
        while (true)
        {
            var item = await NextAsync($"a CHECK_WEBSITE for {websiteId}", wait, deadline.Token);
            if (item.Message is CheckWebsiteMessage checks && checks.Websites.FirstOrDefault(w => w.WebsiteId == websiteId) is { } check)
            {
                return check;
            }
        }
    }

    /// <summary>Waits until CHECK_WEBSITE frames have listed every one of <paramref name="websiteIds"/> (other messages are skipped); the first check of each.</summary>
    public async Task<IReadOnlyDictionary<Guid, WebsiteCheck>> ReceiveChecksForAllAsync(IReadOnlyCollection<Guid> websiteIds, TimeSpan? timeout = null)
    {
        var wait = timeout ?? DefaultTimeout;
        var checks = new Dictionary<Guid, WebsiteCheck>();
        using var deadline = new CancellationTokenSource(wait);
        while (checks.Count < websiteIds.Count)
        {
            var item = await NextAsync($"CHECK_WEBSITE for {string.Join(", ", websiteIds.Except(checks.Keys))}", wait, deadline.Token);
            if (item.Message is CheckWebsiteMessage frame)
            {
                foreach (var check in frame.Websites.Where(w => websiteIds.Contains(w.WebsiteId)))
                {
                    checks.TryAdd(check.WebsiteId, check);
                }
            }
        }

        return checks;
    }

    /// <summary>An answer to <paramref name="check"/> as our agent sends it: with the check's checkToken and the token's tick id.</summary>
    public static TickResultMessage Answer(WebsiteCheck check, TickStatus status, double latency, DateTime timestamp, string? error = null)
    {
        Assert.True(CheckToken.TryParse(check.CheckToken, out var token), $"the check of {check.WebsiteId} carries no checkToken");
        return new TickResultMessage(check.WebsiteId, status, latency, timestamp, error, token.TickId, CheckToken: check.CheckToken);
    }

    /// <summary>Every message received during <paramref name="duration"/> (fewer when the socket closes).</summary>
    public async Task<IReadOnlyList<HubMessage>> CollectAsync(TimeSpan duration)
    {
        var messages = new List<HubMessage>();
        using var window = new CancellationTokenSource(duration);
        try
        {
            while (true)
            {
                var item = await _incoming.Reader.ReadAsync(window.Token);
                if (item.Message is not null)
                {
                    messages.Add(item.Message);
                }
                else if (item.IsClose)
                {
                    throw new XunitException($"The hub closed the socket while collecting messages: {item.Describe()}{_hub.Diagnostics}");
                }
            }
        }
        catch (OperationCanceledException)
        {
            return messages;
        }
        catch (ChannelClosedException)
        {
            return messages;
        }
    }

    /// <summary>
    /// Every message (CHECK_WEBSITE frames skipped) up to and including the first that <paramref name="done"/> accepts;
    /// a close or nothing within the time-out fails the test.
    /// </summary>
    public async Task<IReadOnlyList<HubMessage>> ReceiveUntilAsync(Func<HubMessage, bool> done, string what, TimeSpan? timeout = null)
    {
        var wait = timeout ?? DefaultTimeout;
        using var deadline = new CancellationTokenSource(wait);
        var messages = new List<HubMessage>();
        while (true)
        {
            var item = await NextAsync(what, wait, deadline.Token);
            if (item.Message is null)
            {
                throw new XunitException($"Waited for {what}, but the hub sent {item.Describe()}{_hub.Diagnostics}");
            }

            if (item.Message is CheckWebsiteMessage)
            {
                continue;
            }

            messages.Add(item.Message);
            if (done(item.Message))
            {
                return messages;
            }
        }
    }

    /// <summary>
    /// The HTTP status a WebSocket upgrade to the hub gets (101 when it succeeds; the socket is then closed at once),
    /// for limit tests; <paramref name="configure"/> may add request headers.
    /// </summary>
    public static async Task<HttpStatusCode> UpgradeStatusAsync(HubProcess hub, Action<ClientWebSocketOptions>? configure = null)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.RemoteCertificateValidationCallback = (_, presented, _, _) => hub.IsTrusted(presented);
        configure?.Invoke(socket.Options);
        using var timeout = new CancellationTokenSource(DefaultTimeout);
        try
        {
            await socket.ConnectAsync(hub.WebSocketAddress, timeout.Token);
        }
        catch (WebSocketException)
        {
            return socket.HttpStatusCode;
        }

        socket.Abort();
        return socket.HttpStatusCode;
    }

    /// <summary>Waits for the hub to close the socket, skipping messages; returns the close status and description.</summary>
    public async Task<(WebSocketCloseStatus? Status, string? Description)> WaitForCloseAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            var item = await NextAsync("the hub to close the socket", timeout, deadline.Token);
            if (item.IsClose)
            {
                return (item.CloseStatus, item.CloseDescription);
            }
        }
    }

    /// <summary>
    /// Every message up to the hub's close, CHECK_WEBSITE frames included, with the close status and description; no close
    /// within <paramref name="timeout"/> fails the test.
    /// </summary>
    public async Task<(IReadOnlyList<HubMessage> Messages, WebSocketCloseStatus? Status, string? Description)> ReceiveUntilCloseAsync(TimeSpan timeout)
    {
        var messages = new List<HubMessage>();
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            var item = await NextAsync("the hub to close the socket", timeout, deadline.Token);
            if (item.IsClose)
            {
                return (messages, item.CloseStatus, item.CloseDescription);
            }

            if (item.Message is not null)
            {
                messages.Add(item.Message);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "test done", timeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
                // Closing is best effort.
            }
        }

        _socket.Abort();
        await _receiving;
        _socket.Dispose();
        _sendLock.Dispose();
    }

    private async Task<Incoming> NextAsync(string what, TimeSpan wait, CancellationToken deadline)
    {
        try
        {
            return await _incoming.Reader.ReadAsync(deadline);
        }
        catch (OperationCanceledException)
        {
            throw new XunitException($"Waited {wait.TotalSeconds:0.#} s for {what} from the hub; nothing came{_hub.Diagnostics}");
        }
        catch (ChannelClosedException)
        {
            throw new XunitException($"Waited for {what}, but the socket was already closed{_hub.Diagnostics}");
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[16 * 1024];
        using var frame = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    _incoming.Writer.TryWrite(Incoming.Closed(result.CloseStatus, result.CloseStatusDescription));
                    await AnswerCloseAsync();
                    return;
                }

                frame.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }

                var bytes = frame.ToArray();
                frame.SetLength(0);
                var parsed = HubMessageParser.Parse(bytes);
                _incoming.Writer.TryWrite(new Incoming(parsed.Message, Encoding.UTF8.GetString(bytes), parsed.Error, false, null, null));
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            _incoming.Writer.TryWrite(Incoming.Closed(null, "connection dropped: " + e.Message));
        }
        finally
        {
            _incoming.Writer.TryComplete();
        }
    }

    private async Task AnswerCloseAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "closed by hub", timeout.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The hub aborts the socket soon after closing; nothing to answer then.
        }
    }

    private sealed record Incoming(
        HubMessage? Message,
        string Text,
        ProtocolError? ParseError,
        bool IsClose,
        WebSocketCloseStatus? CloseStatus,
        string? CloseDescription)
    {
        public static Incoming Closed(WebSocketCloseStatus? status, string? description) => new(null, "", null, true, status, description);

        public string Describe() => IsClose
            ? $"a close ({CloseStatus?.ToString() ?? "no status"}: {CloseDescription})"
            : ParseError is null ? Text : $"an unparseable frame ({ParseError.Code}: {ParseError.Message}): {Text}";
    }
}
