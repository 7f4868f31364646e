using Uptime.Agent.Checks;
using Uptime.Agent.Ticks;
using Uptime.Protocol;

namespace Uptime.Agent.Hub;

/// <summary>
/// Acts on each frame from the hub; anything unparseable or unknown is logged and ignored. TICK_ACK forgets the
/// acknowledged ticks, and an ERROR naming a tick forgets that one (refused for good); ids no longer buffered
/// (acknowledged before, or dropped) are ignored. A CHECK_WEBSITE's timestamp is kept for the next REGISTER. CHALLENGE is handed to the session (REGISTER waits for it) and sets
/// whether new ticks are signed. An ERROR before REGISTERED answers the only message sent so far, REGISTER: it ends the
/// session as refused (<see cref="HubConnectionService"/> says why and retries).
/// </summary>
internal sealed class HubMessageHandler(
    CheckQueue queue,
    HubOutbox outbox,
    TickBuffer ticks,
    TickSigner signer,
    LastCheckFrame lastCheckFrame,
    ILogger<HubMessageHandler> logger,
    ILogger<CheckWorkers> checkLog)
{
    public void Handle(ReadOnlyMemory<byte> frame, HubSession session)
    {
        var (message, error) = HubMessageParser.Parse(frame);
        switch (message)
        {
            case RegisteredMessage registered:
                logger.Registered(registered.ValidatorId, registered.ConnectedValidators);
                outbox.Attach(session);
                session.MarkRegistered();
                break;
            case CheckWebsiteMessage checkWebsite:
                lastCheckFrame.Received(checkWebsite.Timestamp);
                Enqueue(checkWebsite.Websites);
                break;
            case HeartbeatAckMessage ack:
                logger.HeartbeatAcknowledged(ack.ActiveWebsites);
                break;
            case TickAckMessage tickAck:
                logger.TicksAcknowledged(tickAck.TickIds.Count, ticks.Acknowledge(tickAck.TickIds));
                break;
            case ChallengeMessage challenge:
                logger.ChallengeReceived(challenge.RequireSignedTicks);
                signer.SetRequired(challenge.RequireSignedTicks);
                session.ReceiveChallenge(challenge);
                break;
            case ErrorMessage refused when !session.Registered.IsCompleted:
                session.RefuseRegistration(refused);
                break;
            case ErrorMessage { TickId: { } tickId } refusedTick:
                logger.HubError(refusedTick.Code, refusedTick.Message);
                ticks.Refuse(tickId);
                break;
            case ErrorMessage hubError:
                logger.HubError(hubError.Code, hubError.Message);
                break;
            default:
                logger.MessageIgnored(error?.Code, error?.Message);
                break;
        }
    }

    private void Enqueue(IReadOnlyList<WebsiteCheck> websites)
    {
        checkLog.ChecksReceived(websites.Count);
        var dropped = 0;
        foreach (var check in websites)
        {
            if (!queue.TryEnqueue(check))
            {
                dropped++;
            }
        }

        if (dropped > 0)
        {
            logger.ChecksDropped(dropped, websites.Count, CheckQueue.Capacity);
        }
    }
}
