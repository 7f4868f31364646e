using System.Collections.Concurrent;

namespace Uptime.Grains.Tests.Infrastructure;

/// <summary>The online validators as a test sets them; impaired ones by id.</summary>
public sealed class FakeValidatorRoster : IValidatorRoster
{
    private readonly ConcurrentDictionary<Guid, RosterValidator> _online = new();

    public IReadOnlyList<RosterValidator> Online => [.. _online.Values];

    public IReadOnlyList<string> VotingRegions => [.. _online.Values.Where(v => !v.Impaired).Select(v => v.Region).Distinct()];

    public void Set(params RosterValidator[] validators)
    {
        _online.Clear();
        foreach (var validator in validators)
        {
            _online[validator.Id] = validator;
        }
    }

    public bool IsImpaired(Guid validatorId) => _online.TryGetValue(validatorId, out var validator) && validator.Impaired;
}
