using Uptime.Grains;
using Uptime.Protocol;

namespace Uptime.Hub.Validators;

/// <summary>The ERRORs that refuse a validator an operator banned or has not yet approved, and their refusal counter tags.</summary>
internal static class OperatorRefusals
{
    /// <summary>The refusal of a validator in <paramref name="standing"/>; null when it is active.</summary>
    public static ProtocolError? For(string publicKey, ValidatorStanding standing) => standing.State switch
    {
        ValidatorState.Banned => Banned(publicKey, standing.BanReason),
        ValidatorState.Pending => new ProtocolError(
            ErrorCodes.PendingApproval,
            $"validator {publicKey} is waiting for an operator's approval ({ValidatorSecurityOptions.EnrollmentVariable}=approval); "
            + "reconnect later: it registers once approved"),
        _ => null,
    };

    public static ProtocolError Banned(string publicKey, string? reason) => new(
        ErrorCodes.Banned,
        reason is null ? $"validator {publicKey} is banned by an operator (no reason given)" : $"validator {publicKey} is banned by an operator: {reason}");

    /// <summary>The close reason of a connection the refusal ends after it registered.</summary>
    public static string CloseReason(ProtocolError refusal) =>
        refusal.Code == ErrorCodes.Banned ? BannedCloseReason : "waiting for an operator's approval";

    public const string BannedCloseReason = "banned by an operator";

    public static string CounterTag(ProtocolError refusal) =>
        refusal.Code == ErrorCodes.Banned ? RefusalReasons.Banned : RefusalReasons.PendingApproval;
}
