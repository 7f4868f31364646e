using Uptime.Hub.Hosting;

namespace Uptime.Hub.Validators;

/// <summary>How each silo keeps its copy of the online validators (<see cref="PostgresValidatorRoster"/>).</summary>
public sealed class ValidatorRosterOptions
{
    /// <summary>
    /// Period of each silo's reading of the online validators from PostgreSQL: a validator that registered on another silo,
    /// left or became impaired is known here within this (one that registered on this silo at once).
    /// </summary>
    [ConfigurationKeyName("HUB_ROSTER_REFRESH_SECONDS"), SecondsSetting(1, 300)]
    public TimeSpan RefreshPeriod { get; set; } = TimeSpan.FromSeconds(5);
}
