namespace Uptime.Grains.Tests.Infrastructure;

/// <summary>A confirmation budget of as many rounds as the test gives (unlimited by default), counting those taken.</summary>
public sealed class FakeConfirmationBudget : IConfirmationBudget
{
    private int _left = int.MaxValue;
    private int _taken;

    public int ValidatorsPerRound { get; set; } = 3;

    public int Taken => Volatile.Read(ref _taken);

    public void Allow(int rounds) => Volatile.Write(ref _left, rounds);

    public bool TryTake()
    {
        if (Interlocked.Decrement(ref _left) < 0)
        {
            return false;
        }

        Interlocked.Increment(ref _taken);
        return true;
    }
}
