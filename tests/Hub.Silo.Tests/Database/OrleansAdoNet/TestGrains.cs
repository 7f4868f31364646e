using System.Collections.Concurrent;

namespace Uptime.Hub.Tests.Database.OrleansAdoNet;

public interface IAdoNetStateTestGrain : IGrainWithStringKey
{
    Task SetValueAsync(string value);

    Task<string?> GetValueAsync();

    /// <summary>The address of the silo hosting this activation, as <see cref="SiloAddress.ToParsableString"/>.</summary>
    Task<string> GetSiloAsync();
}

public interface IAdoNetReminderTestGrain : IGrainWithStringKey
{
    Task StartReminderAsync(TimeSpan period);

    Task<string> GetSiloAsync();
}

[GenerateSerializer]
public sealed class AdoNetTestState
{
    [Id(0)]
    public string? Value { get; set; }
}

/// <summary>Persists one value in the ADO.NET storage under the state name <see cref="StateName"/>.</summary>
[GrainType(GrainTypeName)]
public sealed class AdoNetStateTestGrain(
    [PersistentState(AdoNetStateTestGrain.StateName, AdoNetCluster.StorageName)] IPersistentState<AdoNetTestState> state,
    ILocalSiloDetails silo) : Grain, IAdoNetStateTestGrain
{
    public const string GrainTypeName = "uptime-test-adonet-state";
    public const string StateName = "adonetteststate";

    public async Task SetValueAsync(string value)
    {
        state.State.Value = value;
        await state.WriteStateAsync();
    }

    public Task<string?> GetValueAsync() => Task.FromResult(state.State.Value);

    public Task<string> GetSiloAsync() => Task.FromResult(silo.SiloAddress.ToParsableString());
}

/// <summary>Records every reminder tick in <see cref="ReminderTicks"/> (all silos of a TestCluster share the process).</summary>
[GrainType("uptime-test-adonet-reminder")]
public sealed class AdoNetReminderTestGrain(ILocalSiloDetails silo) : Grain, IAdoNetReminderTestGrain, IRemindable
{
    public const string ReminderName = "tick";

    public async Task StartReminderAsync(TimeSpan period) =>
        await this.RegisterOrUpdateReminder(ReminderName, period, period);

    public Task<string> GetSiloAsync() => Task.FromResult(silo.SiloAddress.ToParsableString());

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        ReminderTicks.Record(this.GetPrimaryKeyString(), silo.SiloAddress);
        return Task.CompletedTask;
    }
}

public sealed record ReminderTick(string GrainKey, SiloAddress Silo, DateTime AtUtc);

public static class ReminderTicks
{
    private static readonly ConcurrentQueue<ReminderTick> _ticks = new();

    public static void Record(string grainKey, SiloAddress silo) =>
        _ticks.Enqueue(new ReminderTick(grainKey, silo, DateTime.UtcNow));

    public static IReadOnlyList<ReminderTick> For(string grainKey) =>
        _ticks.Where(t => t.GrainKey == grainKey).ToList();
}
