namespace Uptime.Grains;

/// <summary>
/// How many validators a confirmation round asks, and the silo's budget of confirmation rounds (implemented by the hub): a
/// region whose network fails sends a first Bad tick for every website at once, and the confirmations must not multiply
/// the load on every target.
/// </summary>
public interface IConfirmationBudget
{
    /// <summary>Validators of other regions a confirmation round asks; 0 turns confirmations off.</summary>
    int ValidatorsPerRound { get; }

    /// <summary>Takes one round from the budget; false when it is spent for now.</summary>
    bool TryTake();
}
