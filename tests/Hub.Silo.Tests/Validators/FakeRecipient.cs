using System.Collections.Immutable;
using Uptime.Grains;
using Uptime.Hub.Validators;

namespace Uptime.Hub.Tests.Validators;

/// <summary>A registered connection of validator <c>validatorId</c> that keeps every batch of checks queued into it.</summary>
internal sealed class FakeRecipient(Guid validatorId, string location = "eu-west") : ICheckRecipient
{
    private readonly List<ImmutableArray<CheckItem>> _batches = [];

    public Guid Id { get; } = Guid.NewGuid();

    public RegisteredValidator Validator { get; } = new(validatorId, $"0x{validatorId:N}00000000", location, null, DateTime.UnixEpoch);

    public IReadOnlyList<ImmutableArray<CheckItem>> Batches => _batches;

    public IEnumerable<CheckItem> Checks => _batches.SelectMany(batch => batch);

    public void EnqueueChecks(ImmutableArray<CheckItem> checks) => _batches.Add(checks);

    public void StartCanaryRound(ImmutableArray<CheckItem> canaries) => _batches.Add(canaries);
}
