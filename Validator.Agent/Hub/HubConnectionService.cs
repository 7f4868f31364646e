using System.Net.WebSockets;
using Uptime.Agent.Configuration;
using Uptime.Agent.Keys;
using Uptime.Agent.Ticks;
using Uptime.Protocol;
using Uptime.Protocol.Checks;
using Uptime.Security;

namespace Uptime.Agent.Hub;

/// <summary>
/// Connects to the hub and registers; after every drop or failed attempt waits (<see cref="ReconnectPolicy"/>) and
/// connects again, until the host stops. With several hub URLs each attempt uses the next one in order, wrapping
/// around. While a connection is registered its
/// <see cref="TickSender"/> feeds it from the <see cref="TickBuffer"/>. At stop, waits up to
/// <see cref="AgentOptions.ShutdownDrainTimeout"/> for the hub to acknowledge the pending ticks before closing.
/// The upgrade carries VALIDATOR_TOKEN as a bearer token when set; wss:// trusts AGENT_CA_FILE besides the system store.
/// </summary>
internal sealed class HubConnectionService(
    AgentOptions options,
    HubMessageHandler handler,
    HubOutbox outbox,
    TickBuffer ticks,
    TickLog tickLog,
    TickSigner signer,
    SigningKey signingKey,
    LastCheckFrame lastCheckFrame,
    TimeProvider time,
    ILogger<HubConnectionService> logger) : BackgroundService
{
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How long to wait for the hub's CHALLENGE before registering without a signature (a hub predating it).</summary>
    public static readonly TimeSpan ChallengeTimeout = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan _drainPollInterval = TimeSpan.FromMilliseconds(50);

    private readonly ReconnectPolicy _reconnect = new(options, logger);

    /// <summary>Hub URLs whose last registered connection had no CHALLENGE: the next REGISTER there does not wait for one.</summary>
    private readonly HashSet<string> _hubsWithoutChallenge = [];

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await DrainAsync(cancellationToken);
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        logger.Starting();
        logger.Location(options.Location);
        logger.PublicKey(options.PublicKey);
        if (options.CreatedKeyFile is { } createdKeyFile)
        {
            logger.KeyCreated(createdKeyFile, options.PublicKey);
        }

        if (options.Key is null)
        {
            logger.NoKey(options.PublicKey);
        }

        if (options.CaFile is { } caFile)
        {
            logger.TrustingCaFile(options.TrustedCertificates.Count, caFile);
        }

        if (options.AllowPrivateTargets)
        {
            logger.PrivateTargetsAllowed();
        }

        var hubUrls = options.HubUrls;
        for (var attempt = 0; !stoppingToken.IsCancellationRequested; attempt = (attempt + 1) % hubUrls.Count)
        {
            var delay = await ConnectAndRunAsync(hubUrls[attempt], stoppingToken);
            if (delay == TimeSpan.Zero)
            {
                continue;
            }

            try
            {
                await Task.Delay(delay, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Runs one connection; returns the wait before the next one: none when the hub closed it with 1001 (going away: that
    /// hub is shutting down), which calls for reconnecting at once, through the load balancer or to the next URL.
    /// </summary>
    private async Task<TimeSpan> ConnectAndRunAsync(string hubUrl, CancellationToken stoppingToken)
    {
        logger.Connecting(hubUrl);
        using var socket = new ClientWebSocket();

        var keepAlive = WebSocketKeepAlive.IntervalFor(options.HubSilenceTimeout);
        socket.Options.KeepAliveInterval = keepAlive;
        socket.Options.KeepAliveTimeout = keepAlive;
        if (options.Token is { } token)
        {
            socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
        }

        if (options.TrustedCertificates.Count > 0)
        {
            socket.Options.RemoteCertificateValidationCallback = HubCertificateValidation.Create(options.TrustedCertificates);
        }

        var failure = await ConnectAsync(socket, new Uri(hubUrl), stoppingToken);
        if (failure is not null)
        {
            if (!stoppingToken.IsCancellationRequested)
            {
                logger.ConnectFailed(failure, options.ReconnectDelay.TotalSeconds);
            }

            return options.ReconnectDelay;
        }

        logger.Connected();
        var session = new HubSession(socket);
        string reason;
        bool hadKey;
        using (var sending = new CancellationTokenSource())
        {
            var running = session.RunAsync(message => handler.Handle(message, session), stoppingToken);
            var tickSending = new TickSender(ticks, tickLog, signer).RunAsync(session, sending.Token);
            hadKey = await RegisterAsync(session, hubUrl);
            reason = await running;
            outbox.Detach(session);
            await sending.CancelAsync();
            await tickSending;
        }

        if (session.ChallengeReceived)
        {
            _hubsWithoutChallenge.Remove(hubUrl);
        }
        else if (session.Registered.IsCompleted)
        {
            _hubsWithoutChallenge.Add(hubUrl);
        }

        return stoppingToken.IsCancellationRequested ? TimeSpan.Zero : _reconnect.After(session, socket, reason, hadKey);
    }

    /// <summary>
    /// Sends REGISTER; returns whether the agent had a key. With a key, once the hub's CHALLENGE is in, signed over its
    /// nonce; without a CHALLENGE within <see cref="ChallengeTimeout"/>, or at once where the last registration had none
    /// (a hub that speaks only the spec), the spec's plain REGISTER. Without a key, the plain REGISTER at once. The
    /// location is sent trimmed, as the hub reads it, so the signed text matches. After checks came on an earlier
    /// connection, it says when the last of them came (<see cref="LastCheckFrame"/>).
    /// </summary>
    private async Task<bool> RegisterAsync(HubSession session, string hubUrl)
    {
        var key = signingKey.Find();
        ChallengeMessage? challenge = null;
        if (key is not null && _hubsWithoutChallenge.Contains(hubUrl))
        {
            logger.RegisteringAtOnce(hubUrl);
        }
        else if (key is not null)
        {
            try
            {
                await session.Challenge.WaitAsync(ChallengeTimeout, time);
            }
            catch (TimeoutException)
            {
                // Registering without a signature, unless the CHALLENGE came just now.
            }

            if (session.Challenge.IsCompleted)
            {
                // The CHALLENGE, or null when the session ended first.
                challenge = await session.Challenge;
                if (challenge is null)
                {
                    return true;
                }
            }
            else
            {
                logger.NoChallenge(ChallengeTimeout.TotalSeconds);
            }
        }

        var location = options.Location.Trim();
        var signature = key is not null && challenge is not null
            ? key.SignPersonalMessage(SignedTexts.Registration(options.PublicKey, location, challenge.Nonce))
            : null;
        session.TrySend(new RegisterMessage(options.PublicKey, location, signature, lastCheckFrame.At, CheckCapabilities.All));
        return key is not null;
    }

    /// <summary>Opens the socket; returns why it could not, or null when connected.</summary>
    private async Task<string?> ConnectAsync(ClientWebSocket socket, Uri hubUri, CancellationToken stoppingToken)
    {
        using var timeout = new CancellationTokenSource(ConnectTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token);
        try
        {
            await socket.ConnectAsync(hubUri, linked.Token);
            return null;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return $"No answer within {ConnectTimeout.TotalSeconds} s";
        }
        catch (Exception e)
        {
            return ExceptionMessages.Describe(e);
        }
    }

    /// <summary>
    /// While ticks are pending, waits (bounded) for their TICK_ACK, so a stopped agent leaves nothing unstored; the
    /// connection loop keeps running meanwhile, so a dropped connection is re-established and the ticks re-sent.
    /// The check workers stop first (they are registered after this service), so no new tick is produced meanwhile.
    /// </summary>
    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        var pending = ticks.Pending;
        if (options.ShutdownDrainTimeout <= TimeSpan.Zero || pending == 0)
        {
            return;
        }

        logger.Draining(options.ShutdownDrainTimeout.TotalSeconds, pending);
        var started = time.GetTimestamp();
        try
        {
            while (ticks.Pending > 0 && time.GetElapsedTime(started) < options.ShutdownDrainTimeout)
            {
                await Task.Delay(_drainPollInterval, time, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // The host's shutdown timeout is shorter than the drain.
        }

        if (ticks.Pending > 0)
        {
            logger.DrainIncomplete(ticks.Pending);
        }
    }
}
