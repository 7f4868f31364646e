using System.Collections.Immutable;
using System.Net.WebSockets;
using Uptime.Grains;
using Uptime.Hub.Canaries;
using Uptime.Hub.Ticks;
using static Uptime.Hub.Validators.ValidatorConnectionLog;

namespace Uptime.Hub.Validators;

/// <summary>
/// One validator's WebSocket, composed of a <see cref="ValidatorSocketPump"/> (frames in and out), a
/// <see cref="ValidatorSession"/> (the protocol) and its <see cref="TickIntake"/> (ticks to rows, acks and refusals).
/// The connection is the grain observer through which its validator grain closes it, and this silo's handle on it.
/// </summary>
public sealed class ValidatorConnection : IValidatorConnection, IConnectionSilo, ICheckRecipient
{
    private readonly ConnectionServices _services;
    private readonly ILogger _logger;
    private readonly string _remoteIp;
    private readonly IValidatorConnection _self;
    private readonly ValidatorSocketPump _pump;
    private readonly ValidatorSession _session;
    private readonly CanaryRecord _canaryRound = new();

    public ValidatorConnection(WebSocket socket, string remoteIp, RegistrationCheck registration, ConnectionServices services)
    {
        _services = services;
        _logger = services.Logger;
        _remoteIp = remoteIp;
        _self = services.Grains.CreateObjectReference<IValidatorConnection>(this);
        _pump = new ValidatorSocketPump(socket, services.Options.MaxFrameBytes, services.CheckTokens, services.Counters, services.Time, SendQueueFull);
        var ticks = new TickIntake(
            Id, _pump, new WebsiteGrainAdmission(services.Grains), services.Ticks, services.Live, services.CheckTokens, services.Canaries,
            _canaryRound, services.Options.RequireSignedTicks, services.Counters, services.Time, _logger);
        _session = new ValidatorSession(
            Id, remoteIp, registration, _pump, new ValidatorGrainCalls(services.Grains, _self), this, ticks, services.Limits,
            services.Options, services.Counters, services.Time, _logger);
    }

    public Guid Id { get; } = Guid.NewGuid();

    int IConnectionSilo.ActiveWebsites => _services.ActiveWebsites.Value;

    public async Task RunAsync(CancellationToken aborted)
    {
        _services.Local.Opened(this);
        LogConnected(_logger, Id, _remoteIp);
        using var registrationDeadline = _session.Open();
        _pump.StartSending();
        var reason = "connection closed";
        try
        {
            reason = await _pump.ReceiveLoopAsync(_session.ReceiveAsync, _session.RefuseOversizedFrame, aborted);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            reason = _pump.LeftPingUnanswered(e)
                ? $"no answer to a WebSocket ping within {_services.Options.SilenceTimeout.TotalSeconds} s ({ValidatorSecurityOptions.SilenceTimeoutVariable})"
                : e.Message;
        }
        finally
        {
            _services.Local.Closed(this);
            await _session.EndAsync(ValidatorSocketPump.CloseHandshakeTimeout);
            _services.Grains.DeleteObjectReference<IValidatorConnection>(_self);
            await _pump.FinishAsync();
            _session.Dispose();
            LogDisconnected(_logger, Id, _session.PublicKey, reason);
        }
    }

    public Task CloseAsync(string reason)
    {
        _session.Close(reason);
        return Task.CompletedTask;
    }

    public Task BannedAsync(string? reason)
    {
        _session.Ban(reason);
        return Task.CompletedTask;
    }

    internal void GoAway()
    {
        _services.Local.Remove(this);
        _pump.Close(WebSocketCloseStatus.EndpointUnavailable, "hub shutting down; reconnect to another hub");
    }

    /// <summary>Only registered connections are dispatch targets, so the session has its validator.</summary>
    RegisteredValidator ICheckRecipient.Validator => _session.Validator!;

    public void EnqueueChecks(ImmutableArray<CheckItem> checks) => _pump.EnqueueChecks(checks, _session.Validator!.Id);

    /// <summary>
    /// Sends a canary round (one check of every canary, all due at the same time) and ends the round before the previous
    /// one, whose outcome goes to the validator's grain: the one place that decides whether the validator is impaired.
    /// </summary>
    public void StartCanaryRound(ImmutableArray<CheckItem> canaries)
    {
        var validatorId = _session.Validator!.Id;
        if (_canaryRound.Start(canaries[0].DueAt, canaries.Select(check => check.WebsiteId)) is { } finished)
        {
            _ = ReportCanaryRoundAsync(validatorId, finished);
        }

        _pump.EnqueueChecks(canaries, validatorId);
    }

    int IConnectionSilo.ConnectedValidatorsOnceJoined() => _services.Publisher.ConnectedValidators() + (_services.Local.Contains(Id) ? 0 : 1);

    void IConnectionSilo.Join(DateTime? lastCheckAt) => _services.Local.Add(this, lastCheckAt);

    void IConnectionSilo.Leave() => _services.Local.Remove(this);

    private async Task ReportCanaryRoundAsync(Guid validatorId, CanaryRound round)
    {
        try
        {
            var standing = await _services.Grains.GetGrain<IValidatorGrain>(validatorId).CanaryRoundAsync(round);
            _services.Counters.CanaryRound(round, standing);
        }
        catch (Exception e)
        {
            // The next round reports again; a lost round only delays a change by one interval.
            LogCanaryRoundNotReported(_logger, validatorId, round.DueAt, e.Message);
        }
    }

    private void SendQueueFull()
    {
        LogSendQueueFull(_logger, Id, _session.PublicKey, ValidatorSocketPump.SendQueueCapacity);
        _services.Local.Remove(this);
    }
}
