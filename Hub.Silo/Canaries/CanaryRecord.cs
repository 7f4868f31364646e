using Uptime.Grains;

namespace Uptime.Hub.Canaries;

/// <summary>
/// The canary rounds of one connection: the canaries sent to it at each round's due time and their answers. A round takes
/// answers until the round after it begins (two intervals: a check that times out is still answered in time), then ends:
/// canaries still unanswered count as Bad, answers refused by the validator's own policy are left out. A tick for a
/// canary is admitted only as the first answer to a canary of one of the two open rounds: with its checkToken, of that very
/// round; without one, of the latest round due at or before min(timestamp, hub clock), or of the older round when the
/// timestamp is at most the clock tolerance before it. Anything else is refused like any unexpected tick.
/// </summary>
public sealed class CanaryRecord
{
    /// <summary>The clock skew tolerated, as for website ticks.</summary>
    private static readonly TimeSpan _clockTolerance = TimeSpan.FromSeconds(30);

    private const string NoAnswer = "no answer within two rounds";

    private readonly Lock _lock = new();
    private Round? _previous;
    private Round? _current;

    /// <summary>Starts the round of <paramref name="canaryIds"/> due at <paramref name="dueAt"/>; returns how the round before the previous one went, if any.</summary>
    public CanaryRound? Start(DateTime dueAt, IEnumerable<Guid> canaryIds)
    {
        lock (_lock)
        {
            var finished = _previous?.Summarize();
            _previous = _current;
            _current = new Round(dueAt, canaryIds);
            return finished;
        }
    }

    /// <summary>Records an answer; null when admitted, otherwise why it is refused.</summary>
    public string? Admit(Guid canaryId, DateTime? tokenDueAt, DateTime timestamp, bool good, bool refused, string? error, DateTime now)
    {
        lock (_lock)
        {
            if (RoundOf(tokenDueAt, timestamp, now) is not { } round)
            {
                return tokenDueAt is null
                    ? $"payload.timestamp {timestamp:O} is in no open canary round of this connection; tick not stored"
                    : "payload.checkToken is of no open canary round of this connection; tick not stored";
            }

            return round.Admit(canaryId, good, refused, error);
        }
    }

    private Round? RoundOf(DateTime? tokenDueAt, DateTime timestamp, DateTime now)
    {
        if (tokenDueAt is { } due)
        {
            return _current?.DueAt == due ? _current : _previous?.DueAt == due ? _previous : null;
        }

        if (timestamp > now + _clockTolerance)
        {
            return null;
        }

        var at = timestamp < now ? timestamp : now;
        if (_current is { } current && current.DueAt <= at)
        {
            return current;
        }

        if (_previous is { } previous && previous.DueAt <= at)
        {
            return previous;
        }

        // Stamped before the oldest open round by a clock that runs a little behind the hub's.
        var oldest = _previous ?? _current;
        return oldest is not null && timestamp >= oldest.DueAt - _clockTolerance ? oldest : null;
    }

    private sealed class Round(DateTime dueAt, IEnumerable<Guid> canaryIds)
    {
        private readonly Dictionary<Guid, Answer?> _answers = canaryIds.ToDictionary(id => id, _ => (Answer?)null);

        public DateTime DueAt { get; } = dueAt;

        public string? Admit(Guid canaryId, bool good, bool refused, string? error)
        {
            if (!_answers.TryGetValue(canaryId, out var earlier))
            {
                return $"websiteId {canaryId} is a canary this connection was not asked to check in its round due {DueAt:O}; tick not stored";
            }

            if (earlier is not null)
            {
                return $"canary {canaryId} was already answered in its round due {DueAt:O}; tick not stored";
            }

            _answers[canaryId] = new Answer(good, refused, error);
            return null;
        }

        public CanaryRound Summarize()
        {
            var counted = _answers.Values.Where(answer => answer is not { Refused: true }).ToList();
            var bad = counted.Where(answer => answer is not { Good: true }).ToList();
            var problem = bad.Select(answer => answer is null ? NoAnswer : answer.Error ?? "Bad").FirstOrDefault();
            return new CanaryRound(DueAt, counted.Count, bad.Count, problem);
        }
    }

    private sealed record Answer(bool Good, bool Refused, string? Error);
}
