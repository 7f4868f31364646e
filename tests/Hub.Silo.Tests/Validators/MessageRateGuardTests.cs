using Microsoft.Extensions.Time.Testing;
using Uptime.Hub.Validators;

namespace Uptime.Hub.Tests.Validators;

public sealed class MessageRateGuardTests
{
    [Fact]
    public void Admit_UpToTheRate_AcceptedThenRefused()
    {
        using var guard = new MessageRateGuard(10, new FakeTimeProvider());

        var verdicts = Enumerable.Range(0, 12).Select(_ => guard.Admit()).ToList();

        Assert.All(verdicts.Take(10), v => Assert.Equal(MessageVerdict.Accepted, v));
        Assert.All(verdicts.Skip(10), v => Assert.Equal(MessageVerdict.Refused, v));
    }

    [Fact]
    public async Task Admit_AfterASecond_BucketRefilledToTheRate()
    {
        using var guard = new MessageRateGuard(5, new FakeTimeProvider());
        Drain(guard);

        // The bucket runs on the real monotonic clock.
        await Task.Delay(TimeSpan.FromSeconds(1.1));

        Assert.Equal(5, Enumerable.Range(0, 8).Count(_ => guard.Admit() == MessageVerdict.Accepted));
    }

    [Fact]
    public void Admit_OverTenTimesTheRateForFiveSeconds_Flooding()
    {
        var time = new FakeTimeProvider();
        using var guard = new MessageRateGuard(2, time);
        for (var second = 0; second < MessageRateGuard.FloodSeconds - 1; second++)
        {
            Assert.DoesNotContain(MessageVerdict.Flooding, Send(guard, 21));
            time.Advance(TimeSpan.FromSeconds(1));
        }

        var lastSecond = Send(guard, 21);

        Assert.DoesNotContain(MessageVerdict.Flooding, lastSecond.Take(20));
        Assert.Equal(MessageVerdict.Flooding, lastSecond[^1]);
    }

    [Fact]
    public void Admit_ExactlyTenTimesTheRate_NeverFlooding()
    {
        var time = new FakeTimeProvider();
        using var guard = new MessageRateGuard(2, time);

        for (var second = 0; second < 10; second++)
        {
            Assert.DoesNotContain(MessageVerdict.Flooding, Send(guard, 20));
            time.Advance(TimeSpan.FromSeconds(1));
        }
    }

    [Fact]
    public void Admit_FloodInterruptedByAQuietSecond_CountStartsAgain()
    {
        var time = new FakeTimeProvider();
        using var guard = new MessageRateGuard(2, time);
        for (var second = 0; second < MessageRateGuard.FloodSeconds - 1; second++)
        {
            Send(guard, 21);
            time.Advance(TimeSpan.FromSeconds(1));
        }

        time.Advance(TimeSpan.FromSeconds(1));

        for (var second = 0; second < MessageRateGuard.FloodSeconds - 1; second++)
        {
            Assert.DoesNotContain(MessageVerdict.Flooding, Send(guard, 21));
            time.Advance(TimeSpan.FromSeconds(1));
        }
    }

    private static List<MessageVerdict> Send(MessageRateGuard guard, int count) => [.. Enumerable.Range(0, count).Select(_ => guard.Admit())];

    private static void Drain(MessageRateGuard guard)
    {
        while (guard.Admit() == MessageVerdict.Accepted)
        {
        }
    }
}
