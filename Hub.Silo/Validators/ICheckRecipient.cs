using System.Collections.Immutable;
using Uptime.Grains;

namespace Uptime.Hub.Validators;

/// <summary>A registered connection as <see cref="LocalValidators"/> sees it: whose it is, and where its checks go.</summary>
internal interface ICheckRecipient
{
    /// <summary>The connection's id.</summary>
    Guid Id { get; }

    /// <summary>The validator the connection registered as.</summary>
    RegisteredValidator Validator { get; }

    void EnqueueChecks(ImmutableArray<CheckItem> checks);

    /// <summary>Sends a canary round (one check of every canary, all due at the same time) and starts counting its answers.</summary>
    void StartCanaryRound(ImmutableArray<CheckItem> canaries);
}
