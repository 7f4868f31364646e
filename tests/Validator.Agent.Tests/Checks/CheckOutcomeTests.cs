using Uptime.Agent.Checks;
using Uptime.Protocol;

namespace Uptime.Agent.Tests.Checks;

public sealed class CheckOutcomeTests
{
    [Fact]
    public void Bad_LongError_TruncatedTo1000Characters()
    {
        var outcome = CheckOutcome.Bad(12.5, DateTime.UtcNow, new string('e', 5000));

        Assert.Equal(TickStatus.Bad, outcome.Status);
        Assert.Equal(new string('e', 1000), outcome.Error);
    }

    [Fact]
    public void Good_Always_HasNoError()
    {
        var outcome = CheckOutcome.Good(12.5, DateTime.UtcNow);

        Assert.Equal(TickStatus.Good, outcome.Status);
        Assert.Null(outcome.Error);
    }
}
