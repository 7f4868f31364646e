using Microsoft.Extensions.Time.Testing;
using Uptime.Agent.Checks;
using Uptime.Agent.Configuration;
using Uptime.Protocol;

namespace Uptime.Agent.Tests.Checks;

public sealed class HostSlotsTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void TryEnter_MoreChecksOfOneHostThanSlots_LetsSlotsRunAndTheRestWait()
    {
        var slots = Slots(2);

        var entered = Enumerable.Range(0, 5).Select(_ => slots.TryEnter(Check("http://a.example/x"))).ToList();

        Assert.Equal([true, true, false, false, false], entered);
        Assert.Equal(3, slots.Waiting);
    }

    [Fact]
    public void TryEnter_OneHostFull_OtherHostsStillEnter()
    {
        var slots = Slots(1);
        slots.TryEnter(Check("http://a.example/1"));

        Assert.False(slots.TryEnter(Check("http://A.example/2?q")));
        Assert.True(slots.TryEnter(Check("http://b.example/1")));
        Assert.True(slots.TryEnter(Check("http://a.example:8080/1")));
    }

    [Fact]
    public void TryHandOver_ChecksWaiting_HandsThemOverInArrivalOrderWithTheirWait()
    {
        var slots = Slots(1);
        var running = Check("http://a.example/0");
        slots.TryEnter(running);
        var first = Check("http://a.example/1");
        var second = Check("http://user@a.example/2");
        slots.TryEnter(first);
        _time.Advance(TimeSpan.FromMilliseconds(300));
        slots.TryEnter(second);
        _time.Advance(TimeSpan.FromMilliseconds(200));

        Assert.True(slots.TryHandOver(running, out var next, out var waited));
        Assert.Equal((first, TimeSpan.FromMilliseconds(500)), (next, waited));
        Assert.True(slots.TryHandOver(next, out next, out waited));
        Assert.Equal((second, TimeSpan.FromMilliseconds(200)), (next, waited));
        Assert.False(slots.TryHandOver(next, out _, out _));
        Assert.Equal((2L, TimeSpan.FromMilliseconds(500)), slots.TakeWaits());
        Assert.Equal((0L, TimeSpan.Zero), slots.TakeWaits());
    }

    [Fact]
    public void TryHandOver_ManyHostsComeAndGo_KeepsNoEntryForIdleHosts()
    {
        var slots = Slots(2);

        for (var i = 0; i < 10_000; i++)
        {
            var check = Check($"https://site-{i}.example/health");
            slots.TryEnter(check);
            slots.TryHandOver(check, out _, out _);
        }

        Assert.Equal(0, slots.HostCount);
        Assert.Equal(0, slots.Waiting);
    }

    [Theory]
    [InlineData("http://a.example", "a.example")]
    [InlineData("https://a.example:8443/path?q=1#f", "a.example:8443")]
    [InlineData("http://user:secret@a.example/x", "a.example")]
    [InlineData("http://[::1]:8080/x", "[::1]:8080")]
    [InlineData("http://a.example?q", "a.example")]
    [InlineData("tcp://db.example:5432", "db.example:5432")]
    [InlineData("dns://a.example", "a.example")]
    public void Of_Url_IsItsHostAndPort(string url, string host) => Assert.Equal(host, TargetHost.Of(url).ToString());

    private static WebsiteCheck Check(string url) => new(Guid.NewGuid(), url, 30);

    private HostSlots Slots(int perHost) => new(new AgentOptions { MaxChecksPerHost = perHost }, _time);
}
