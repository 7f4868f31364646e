using Uptime.Grains;

namespace Uptime.Hub.Canaries;

/// <summary>
/// The canary round of one connection: the canaries sent to it at the round's due time and their answers. A tick for a
/// canary is admitted only as the first answer to a canary of the current round (with its checkToken: of that very round;
/// without one: timestamped from the round's due time, less the clock tolerance, to the hub's clock plus it); anything
/// else is refused like any unexpected tick. A round ends when the next one starts: canaries still unanswered then count
/// as Bad, answers refused by the validator's own policy are left out.
/// </summary>
public sealed class CanaryRecord
{
    /// <summary>The clock skew tolerated, as for website ticks.</summary>
    public static readonly TimeSpan ClockTolerance = TimeSpan.FromSeconds(30);

    private const string NoAnswer = "no answer before the next round";

    private readonly Lock _lock = new();
    private readonly Dictionary<Guid, Answer?> _answers = [];
    private DateTime? _dueAt;

    /// <summary>Starts the round of <paramref name="canaryIds"/> due at <paramref name="dueAt"/>; returns how the previous one went, if any.</summary>
    public CanaryRound? Start(DateTime dueAt, IEnumerable<Guid> canaryIds)
    {
        lock (_lock)
        {
            var finished = _dueAt is { } previous ? Summarize(previous) : null;
            _dueAt = dueAt;
            _answers.Clear();
            foreach (var id in canaryIds)
            {
                _answers[id] = null;
            }

            return finished;
        }
    }

    /// <summary>Records an answer; null when admitted, otherwise why it is refused.</summary>
    public string? Admit(Guid canaryId, DateTime? tokenDueAt, DateTime timestamp, bool good, bool refused, string? error, DateTime now)
    {
        lock (_lock)
        {
            if (_dueAt is not { } dueAt || !_answers.TryGetValue(canaryId, out var earlier))
            {
                return $"websiteId {canaryId} is a canary this connection was not asked to check in its current round; tick not stored";
            }

            if (tokenDueAt is { } due && due != dueAt)
            {
                return $"payload.checkToken belongs to an earlier round of canary {canaryId}; tick not stored";
            }

            if (tokenDueAt is null && (timestamp < dueAt - ClockTolerance || timestamp > now + ClockTolerance))
            {
                return $"payload.timestamp {timestamp:O} is outside the current round of canary {canaryId} (due {dueAt:O}); tick not stored";
            }

            if (earlier is not null)
            {
                return $"canary {canaryId} was already answered in this round; tick not stored";
            }

            _answers[canaryId] = new Answer(good, refused, error);
            return null;
        }
    }

    private CanaryRound Summarize(DateTime dueAt)
    {
        var counted = _answers.Values.Where(answer => answer is not { Refused: true }).ToList();
        var bad = counted.Where(answer => answer is not { Good: true }).ToList();
        var problem = bad.Select(answer => answer is null ? NoAnswer : answer.Error ?? "Bad").FirstOrDefault();
        return new CanaryRound(dueAt, counted.Count, bad.Count, problem);
    }

    private sealed record Answer(bool Good, bool Refused, string? Error);
}
