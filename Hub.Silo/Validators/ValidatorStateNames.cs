using Uptime.Grains;

namespace Uptime.Hub.Validators;

/// <summary>A <see cref="ValidatorState"/> as the validators table and the API write it: <c>active</c>, <c>pending</c>, <c>banned</c>.</summary>
public static class ValidatorStateNames
{
    public static string Name(this ValidatorState state) => state switch
    {
        ValidatorState.Active => "active",
        ValidatorState.Pending => "pending",
        ValidatorState.Banned => "banned",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "not a validator state"),
    };

    public static ValidatorState Parse(string name) => name switch
    {
        "active" => ValidatorState.Active,
        "pending" => ValidatorState.Pending,
        "banned" => ValidatorState.Banned,
        _ => throw new FormatException($"\"{name}\" is not a validator state"),
    };
}
