using System.Diagnostics.Metrics;

namespace Uptime.Hub.Observability;

/// <summary>
/// Live activations of one grain type in this process, read from Orleans' own <c>orleans-grains</c> up-down counter
/// (meter <c>Microsoft.Orleans</c>, tag <c>grain_type</c>): Orleans adds 1 when it creates an activation and subtracts 1
/// when it destroys one, so the grains need no code of their own. Create it before the silo starts: activations created
/// before the listener are not seen.
/// </summary>
public sealed class GrainActivationCount : IDisposable
{
    public const string OrleansMeterName = "Microsoft.Orleans";
    public const string GrainCountsInstrument = "orleans-grains";
    public const string GrainTypeTag = "grain_type";

    private readonly GrainType _grainType;
    private readonly string _grainTypeName;
    private readonly MeterListener _listener = new();
    private long _value;

    /// <param name="grainType">The grain type as Orleans names it (<c>[GrainType("website")]</c> → <c>website</c>).</param>
    public GrainActivationCount(GrainType grainType)
    {
        _grainType = grainType;
        _grainTypeName = grainType.ToString();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == OrleansMeterName && instrument.Name == GrainCountsInstrument)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<int>((_, change, tags, _) => OnChange(change, tags));
        _listener.SetMeasurementEventCallback<long>((_, change, tags, _) => OnChange(change, tags));
        _listener.Start();
    }

    /// <summary>Current activations (never negative).</summary>
    public int Value => (int)Math.Clamp(Interlocked.Read(ref _value), 0, int.MaxValue);

    public void Dispose() => _listener.Dispose();

    private void OnChange(long change, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == GrainTypeTag && (tag.Value is GrainType type ? type.Equals(_grainType) : _grainTypeName.Equals(tag.Value as string)))
            {
                Interlocked.Add(ref _value, change);
                return;
            }
        }
    }
}
