using System.ComponentModel.DataAnnotations;

namespace Uptime.Hub.Stats;

/// <summary>Accepts no window (the default, 24h) or the name of one of <see cref="StatsWindow.All"/>.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class StatsWindowNameAttribute()
    : ValidationAttribute($"{{0}} must be one of {string.Join(", ", StatsWindow.All.Select(w => w.Name))}")
{
    public override bool IsValid(object? value) => value is null || (value is string name && StatsWindow.Parse(name) is not null);
}
