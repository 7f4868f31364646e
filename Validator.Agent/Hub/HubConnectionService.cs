using System.Net.WebSockets;
using Uptime.Agent.Configuration;
using Uptime.Agent.Ticks;
using Uptime.Protocol;
using Uptime.Security;

namespace Uptime.Agent.Hub;

/// <summary>
/// Connects to the hub and registers; after every drop or failed attempt waits
/// <see cref="AgentOptions.ReconnectDelay"/> and connects again, until the host stops. With several hub URLs each
/// attempt uses the next one in order, wrapping around. While a connection is registered its
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
    TimeProvider time,
    ILogger<HubConnectionService> logger) : BackgroundService
{
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How long to wait for the hub's CHALLENGE before registering without a signature (a hub predating it).</summary>
    public static readonly TimeSpan ChallengeTimeout = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan _drainPollInterval = TimeSpan.FromMilliseconds(50);

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
            logger.KeyCreated(createdKeyFile, options.Key.Address);
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
            if (await ConnectAndRunAsync(hubUrls[attempt], stoppingToken))
            {
                continue;
            }

            try
            {
                await Task.Delay(options.ReconnectDelay, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Runs one connection; true when the hub closed it with 1001 (going away: that hub is shutting down), which
    /// calls for reconnecting at once, through the load balancer or to the next URL, instead of after the delay.
    /// </summary>
    private async Task<bool> ConnectAndRunAsync(string hubUrl, CancellationToken stoppingToken)
    {
        logger.Connecting(hubUrl);
        using var socket = new ClientWebSocket();

        // Ping the hub too: a hub that vanished without closing is noticed within two intervals, not minutes.
        socket.Options.KeepAliveInterval = options.HeartbeatInterval;
        socket.Options.KeepAliveTimeout = options.HeartbeatInterval;
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

            return false;
        }

        logger.Connected();
        var session = new HubSession(socket);
        string reason;
        using (var sending = new CancellationTokenSource())
        {
            var running = session.RunAsync(message => handler.Handle(message, session), stoppingToken);
            var tickSending = new TickSender(ticks, tickLog, signer).RunAsync(session, sending.Token);
            await RegisterAsync(session);
            reason = await running;
            outbox.Detach(session);
            await sending.CancelAsync();
            await tickSending;
        }

        var goingAway = socket.CloseStatus == WebSocketCloseStatus.EndpointUnavailable;
        if (!stoppingToken.IsCancellationRequested)
        {
            logger.Disconnected(reason, goingAway ? 0 : options.ReconnectDelay.TotalSeconds);
        }

        return goingAway;
    }

    /// <summary>
    /// Sends REGISTER once the hub's CHALLENGE is in, signed over its nonce; without a CHALLENGE within
    /// <see cref="ChallengeTimeout"/> (an older hub), the plain REGISTER of the spec. The location is sent trimmed, as
    /// the hub reads it, so the signed text matches.
    /// </summary>
    private async Task RegisterAsync(HubSession session)
    {
        ChallengeMessage? challenge;
        try
        {
            challenge = await session.Challenge.WaitAsync(ChallengeTimeout, time);
        }
        catch (TimeoutException)
        {
            logger.NoChallenge(ChallengeTimeout.TotalSeconds);
            challenge = null;
        }

        if (challenge is null && session.Challenge.IsCompleted)
        {
            // The session ended first.
            return;
        }

        var location = options.Location.Trim();
        var signature = challenge is null
            ? null
            : options.Key.SignPersonalMessage(SignedTexts.Registration(options.PublicKey, location, challenge.Nonce));
        session.TrySend(new RegisterMessage(options.PublicKey, location, signature));
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
