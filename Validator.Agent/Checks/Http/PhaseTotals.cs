using Uptime.Protocol.Checks;

namespace Uptime.Agent.Checks.Http;

/// <summary>The phases of a check's hops added up; a phase no hop went through stays null.</summary>
internal sealed class PhaseTotals
{
    private double? _dns;
    private double? _connect;
    private double? _tls;
    private double? _firstByte;
    private double? _transfer;
    private ProbeRequest? _lastAdded;

    public void Add(ProbeRequest hop, TimeSpan? firstByte, TimeSpan? transfer)
    {
        _lastAdded = hop;
        _dns = Sum(_dns, hop.Dial.Resolve);
        _connect = Sum(_connect, hop.Dial.Connect);
        _tls = Sum(_tls, hop.Tls);
        _firstByte = Sum(_firstByte, firstByte);
        _transfer = Sum(_transfer, transfer);
    }

    /// <summary>Adds what <paramref name="hop"/>, which failed, got through (name resolution, connect, TLS), unless it was added.</summary>
    public void AddFailed(ProbeRequest hop)
    {
        if (!ReferenceEquals(hop, _lastAdded))
        {
            Add(hop, firstByte: null, transfer: null);
        }
    }

    public TickPhases? ToPhases() =>
        _dns is null && _connect is null && _tls is null && _firstByte is null && _transfer is null
            ? null
            : new TickPhases(Rounded(_dns), Rounded(_connect), Rounded(_tls), Rounded(_firstByte), Rounded(_transfer));

    private static double? Sum(double? total, TimeSpan? phase) => phase is { } time ? (total ?? 0) + time.TotalMilliseconds : total;

    private static double? Rounded(double? ms) => ms is { } value ? Math.Round(value, 3) : null;
}
