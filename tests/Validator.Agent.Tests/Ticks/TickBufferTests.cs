using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Uptime.Agent.Configuration;
using Uptime.Agent.Keys;
using Uptime.Agent.Tests.Infrastructure;
using Uptime.Agent.Ticks;
using Uptime.Protocol;
using Uptime.Security;

namespace Uptime.Agent.Tests.Ticks;

public sealed class TickBufferTests : IDisposable
{
    private static readonly ValidatorKey _key = ValidatorKey.Generate();

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 11, 20, 12, 0, 0, TimeSpan.Zero));
    private readonly CapturedLogs _logs = new();
    private readonly ILoggerFactory _loggerFactory;

    public TickBufferTests() => _loggerFactory = LoggerFactory.Create(builder => builder.AddProvider(_logs));

    public void Dispose() => _loggerFactory.Dispose();

    [Fact]
    public void Add_BeyondCapacity_DropsOldestAndCountsIt()
    {
        var buffer = Create(capacity: 3);
        var ticks = Produce(buffer, 5);

        buffer.BeginConnection();
        var sent = TakeDueIds(buffer);

        Assert.Equal(ticks.Skip(2).Select(tick => tick.TickId!.Value), sent);
        Assert.Equal(new TickCounters(Produced: 5, Sent: 3, Acknowledged: 0, Resent: 0, Dropped: 2, Pending: 3), buffer.Snapshot());
        var warning = Assert.Single(_logs.Entries, entry => entry.Level == LogLevel.Warning);
        Assert.Equal("⚠️ Unacknowledged tick buffer full (3): dropping the oldest ticks (1 dropped so far)", warning.Message);
    }

    [Fact]
    public void Add_DropsLongAfterTheFirst_WarnsAgainAfterTheInterval()
    {
        var buffer = Create(capacity: 1);
        Produce(buffer, 3);
        _time.Advance(TickBuffer.DropWarningInterval);

        Produce(buffer, 1);

        var warnings = _logs.Entries.Where(entry => entry.Level == LogLevel.Warning).Select(entry => entry.Message).ToList();
        Assert.Equal(
            [
                "⚠️ Unacknowledged tick buffer full (1): dropping the oldest ticks (1 dropped so far)",
                "⚠️ Unacknowledged tick buffer full (1): dropping the oldest ticks (3 dropped so far)",
            ],
            warnings);
    }

    [Fact]
    public void Add_OldestAlreadySent_DropsItFromTheInFlightListToo()
    {
        var buffer = Create(capacity: 2);
        buffer.BeginConnection();
        var ticks = Produce(buffer, 2);
        TakeDueIds(buffer);

        ticks.AddRange(Produce(buffer, 1));
        var newOnly = TakeDueIds(buffer);
        _time.Advance(TimeSpan.FromSeconds(30));
        var overdue = TakeDueIds(buffer);

        Assert.Equal([ticks[2].TickId!.Value], newOnly);
        Assert.Equal([ticks[1].TickId!.Value, ticks[2].TickId!.Value], overdue);
        Assert.Equal(1, buffer.Snapshot().Dropped);
    }

    [Fact]
    public void TakeDue_NewConnection_SendsEveryPendingTickAgainOldestFirst()
    {
        var buffer = Create();
        buffer.BeginConnection();
        var ticks = Produce(buffer, 3);
        var first = TakeDueIds(buffer);

        buffer.BeginConnection();
        var second = TakeDueIds(buffer);

        var ids = ticks.Select(tick => tick.TickId!.Value).ToList();
        Assert.Equal(ids, first);
        Assert.Equal(ids, second);
        Assert.Equal(new TickCounters(Produced: 3, Sent: 6, Acknowledged: 0, Resent: 3, Dropped: 0, Pending: 3), buffer.Snapshot());
    }

    [Fact]
    public void TakeDue_SameConnection_SendsEachTickOnce()
    {
        var buffer = Create();
        buffer.BeginConnection();
        var ticks = Produce(buffer, 2);
        TakeDueIds(buffer);

        var again = TakeDueIds(buffer);
        var dueInWhileInFlight = buffer.NextDueIn();
        buffer.Acknowledge([.. ticks.Select(tick => tick.TickId!.Value)]);

        Assert.Empty(again);
        Assert.Equal(TimeSpan.FromSeconds(30), dueInWhileInFlight);
        Assert.Null(buffer.NextDueIn());
    }

    [Fact]
    public void TakeDue_MoreThanMax_ContinuesWhereItStopped()
    {
        var buffer = Create();
        buffer.BeginConnection();
        var ids = Produce(buffer, 5).Select(tick => tick.TickId!.Value).ToList();

        var frames = new List<byte[]>();
        buffer.TakeDue(frames, max: 2);
        var first = frames.Select(IdOf).ToList();
        frames.Clear();
        buffer.TakeDue(frames, max: 10);

        Assert.Equal(ids[..2], first);
        Assert.Equal(ids[2..], frames.Select(IdOf));
    }

    [Fact]
    public void Acknowledge_KnownAndUnknownIds_RemovesKnownAndIgnoresOthers()
    {
        var buffer = Create();
        buffer.BeginConnection();
        var ticks = Produce(buffer, 3);
        TakeDueIds(buffer);

        var matched = buffer.Acknowledge([Guid.NewGuid(), ticks[0].TickId!.Value, ticks[2].TickId!.Value, Guid.NewGuid()]);
        var again = buffer.Acknowledge([ticks[0].TickId!.Value]);
        buffer.BeginConnection();

        Assert.Equal(2, matched);
        Assert.Equal(0, again);
        Assert.Equal([ticks[1].TickId!.Value], TakeDueIds(buffer));
        var counters = buffer.Snapshot();
        Assert.Equal(2, counters.Acknowledged);
        Assert.Equal(1, counters.Pending);
        Assert.Equal(counters.Produced, counters.Acknowledged + counters.Pending + counters.Dropped);
    }

    [Fact]
    public void Acknowledge_TickNotYetSent_IsNotSentAnymore()
    {
        var buffer = Create();
        var ticks = Produce(buffer, 2);

        buffer.Acknowledge([ticks[0].TickId!.Value]);
        buffer.BeginConnection();

        Assert.Equal([ticks[1].TickId!.Value], TakeDueIds(buffer));
    }

    [Fact]
    public void TakeDue_AckTimeoutPassed_ResendsAtMostOncePerPeriod()
    {
        var buffer = Create(ackTimeout: TimeSpan.FromSeconds(30));
        buffer.BeginConnection();
        var tick = Produce(buffer, 1)[0];
        TakeDueIds(buffer);

        _time.Advance(TimeSpan.FromSeconds(29));
        var early = TakeDueIds(buffer);
        var dueIn = buffer.NextDueIn();
        _time.Advance(TimeSpan.FromSeconds(1));
        var due = TakeDueIds(buffer);
        _time.Advance(TimeSpan.FromSeconds(29));
        var again = TakeDueIds(buffer);
        _time.Advance(TimeSpan.FromSeconds(1));
        var later = TakeDueIds(buffer);

        Assert.Empty(early);
        Assert.Equal(TimeSpan.FromSeconds(1), dueIn);
        Assert.Equal([tick.TickId!.Value], due);
        Assert.Empty(again);
        Assert.Equal([tick.TickId!.Value], later);
        Assert.Equal(2, buffer.Snapshot().Resent);
    }

    [Fact]
    public void TakeDue_SomeAcknowledgedBeforeTimeout_ResendsOnlyTheOthers()
    {
        var buffer = Create(ackTimeout: TimeSpan.FromSeconds(30));
        buffer.BeginConnection();
        var ticks = Produce(buffer, 3);
        TakeDueIds(buffer);
        buffer.Acknowledge([ticks[1].TickId!.Value]);

        _time.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal([ticks[0].TickId!.Value, ticks[2].TickId!.Value], TakeDueIds(buffer));
    }

    [Fact]
    public async Task WaitForWorkAsync_TickAdded_Returns()
    {
        var buffer = Create();
        buffer.BeginConnection();
        await buffer.WaitForWorkAsync(null, CancellationToken.None);

        var waiting = buffer.WaitForWorkAsync(null, CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        Produce(buffer, 1);

        await Waits.ForAsync(waiting, "the wait to end after a tick was added");
    }

    [Fact]
    public void TakeDue_WithSigner_SignsUnsignedTicksOnceAndLeavesSignedOnes()
    {
        var buffer = Create();
        var signer = new TickSigner(new SigningKey(new AgentOptions { Key = _key }, NullLogger<SigningKey>.Instance));
        var unsigned = Produce(buffer, 1)[0];
        var signed = signer.Sign(new TickResultMessage(Guid.NewGuid(), TickStatus.Bad, 3, DateTime.UtcNow, "HTTP 500", Guid.CreateVersion7()));
        buffer.Add(signed);
        var signings = 0;
        byte[] Sign(byte[] frame)
        {
            signings++;
            return signer.SignFrame(frame);
        }

        buffer.BeginConnection();
        var first = new List<byte[]>();
        buffer.TakeDue(first, 10, Sign);
        buffer.BeginConnection();
        var again = new List<byte[]>();
        buffer.TakeDue(again, 10, Sign);

        Assert.Equal(1, signings);
        Assert.Equal(first, again);
        var sent = first.Select(frame => Assert.IsType<TickResultMessage>(ValidatorMessageParser.Parse(frame).Message)).ToList();
        Assert.Equal(unsigned with { Signature = sent[0].Signature }, sent[0]);
        Assert.Equal(signed, sent[1]);
        foreach (var tick in sent)
        {
            var text = SignedTexts.Tick(tick.WebsiteId, tick.Status.ToString(), tick.Latency, tick.Timestamp, tick.Error, tick.TickId);
            Assert.True(PersonalSign.TryRecover(text, tick.Signature!, out var recovered, out var error), error);
            Assert.Equal(_key.Address, recovered.Address);
        }
    }

    [Fact]
    public void Add_TickWithoutId_Throws()
    {
        var buffer = Create();

        Assert.Throws<ArgumentException>(() => buffer.Add(new TickResultMessage(Guid.NewGuid(), TickStatus.Good, 1, DateTime.UtcNow, null)));
    }

    private TickBuffer Create(int capacity = 100, TimeSpan? ackTimeout = null) =>
        new(
            new AgentOptions { Key = _key, MaxUnackedTicks = capacity, TickAckTimeout = ackTimeout ?? TimeSpan.FromSeconds(30) },
            _time,
            _loggerFactory.CreateLogger<TickBuffer>());

    private static List<TickResultMessage> Produce(TickBuffer buffer, int count)
    {
        var ticks = new List<TickResultMessage>();
        for (var i = 0; i < count; i++)
        {
            var tick = new TickResultMessage(Guid.NewGuid(), TickStatus.Good, 12.5, DateTime.UtcNow, null, Guid.CreateVersion7());
            buffer.Add(tick);
            ticks.Add(tick);
        }

        return ticks;
    }

    private static List<Guid> TakeDueIds(TickBuffer buffer)
    {
        var frames = new List<byte[]>();
        buffer.TakeDue(frames, int.MaxValue);
        return frames.Select(IdOf).ToList();
    }

    private static Guid IdOf(byte[] frame)
    {
        var tick = Assert.IsType<TickResultMessage>(ValidatorMessageParser.Parse(frame).Message);
        return tick.TickId!.Value;
    }
}
