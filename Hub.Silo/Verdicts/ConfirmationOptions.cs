using Uptime.Hub.Hosting;

namespace Uptime.Hub.Verdicts;

/// <summary>Instant cross-region confirmation: when an Up website gets its first Bad tick, validators of other regions check it at once.</summary>
public sealed class ConfirmationOptions
{
    /// <summary>Validators of other regions (one per region first) a confirmation round asks; 0 turns confirmations off.</summary>
    [ConfigurationKeyName("HUB_CONFIRMATION_VALIDATORS"), IntegerSetting(0, 10)]
    public int ValidatorsPerRound { get; set; } = 3;

    /// <summary>Confirmation rounds each silo may start per second, at most; beyond it a website waits for its next slot.</summary>
    [ConfigurationKeyName("HUB_CONFIRMATIONS_PER_SECOND"), IntegerSetting(1, 100_000)]
    public int RoundsPerSecond { get; set; } = 50;
}
