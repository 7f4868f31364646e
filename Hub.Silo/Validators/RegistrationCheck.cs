using Uptime.Protocol;
using Uptime.Security;

namespace Uptime.Hub.Validators;

/// <summary>The outcome of <see cref="RegistrationCheck.Check"/>: the proven key (if the REGISTER was signed), or why it is refused.</summary>
public readonly record struct RegistrationVerdict(ValidatorPublicKey? Key, ProtocolError? Refusal)
{
    public static RegistrationVerdict Accept(ValidatorPublicKey? key) => new(key, null);

    public static RegistrationVerdict Refuse(string code, string message) => new(null, new ProtocolError(code, message));
}

/// <summary>
/// Authenticates the REGISTER messages of one connection. The connection's CHALLENGE <see cref="Nonce"/> is single
/// use: the first REGISTER consumes it whatever the outcome, so a signature can be neither replayed on another
/// connection nor reused on this one. The signed text carries the location as the parser returns it, i.e. trimmed of
/// leading and trailing white space (agents send it trimmed, so this is the location as sent).
/// </summary>
public sealed class RegistrationCheck(ValidatorSecurityOptions options, string? bearerTokenProblem, string nonce)
{
    private string? _unusedNonce = nonce;

    /// <summary>The nonce sent in this connection's CHALLENGE.</summary>
    public string Nonce { get; } = nonce;

    /// <summary>
    /// Why the upgrade request's <c>Authorization</c> header does not satisfy token mode, or null when it does or the
    /// mode is not token. The token itself never appears in the answer.
    /// </summary>
    public static string? BearerTokenProblem(ValidatorSecurityOptions options, string? authorization)
    {
        if (options.Auth != ValidatorAuthMode.Token)
        {
            return null;
        }

        const string Scheme = "Bearer ";
        if (authorization is null || !authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)
            || authorization.AsSpan(Scheme.Length).Trim().IsEmpty)
        {
            return "This hub requires a validator token (VALIDATOR_AUTH=token): send \"Authorization: Bearer <VALIDATOR_TOKEN>\" on the WebSocket upgrade";
        }

        return SecretHash.Matches(authorization[Scheme.Length..].Trim(), options.TokenHashes)
            ? null
            : "The bearer token sent on the WebSocket upgrade is not one this hub accepts";
    }

    public RegistrationVerdict Check(RegisterMessage register)
    {
        var nonce = _unusedNonce;
        _unusedNonce = null;
        if (bearerTokenProblem is not null)
        {
            return RegistrationVerdict.Refuse(ErrorCodes.Unauthorized, bearerTokenProblem);
        }

        if (register.Signature is null)
        {
            if (options.Auth == ValidatorAuthMode.Signature)
            {
                return RegistrationVerdict.Refuse(
                    ErrorCodes.InvalidSignature,
                    "This hub requires signed registrations (VALIDATOR_AUTH=signature): payload.signature must be the personal_sign signature by "
                    + "payload.publicKey of \"Uptime validator registration\\naddress: <publicKey>\\nlocation: <location>\\nnonce: <CHALLENGE nonce>\"");
            }

            return options.RequireSignedTicks
                ? RegistrationVerdict.Refuse(
                    ErrorCodes.InvalidSignature,
                    "This hub requires signed ticks (REQUIRE_SIGNED_TICKS=true), so REGISTER must carry payload.signature to prove the key the ticks are signed with")
                : RegistrationVerdict.Accept(null);
        }

        if (nonce is null)
        {
            return RegistrationVerdict.Refuse(
                ErrorCodes.InvalidSignature,
                "This connection's CHALLENGE nonce was used by an earlier REGISTER; open a new connection to register again");
        }

        var text = SignedTexts.Registration(register.PublicKey, register.Location, nonce);
        if (!PersonalSign.TryRecover(text, register.Signature, out var signer, out var error))
        {
            return RegistrationVerdict.Refuse(ErrorCodes.InvalidSignature, $"payload.signature is not a valid signature: {error}");
        }

        return string.Equals(signer.Address, register.PublicKey, StringComparison.OrdinalIgnoreCase)
            ? RegistrationVerdict.Accept(signer)
            : RegistrationVerdict.Refuse(
                ErrorCodes.InvalidSignature,
                $"payload.signature recovers to {signer.Address}, not to payload.publicKey {register.PublicKey}: it must be signed by that key, "
                + "over this connection's CHALLENGE nonce and the location as sent (without leading or trailing spaces)");
    }
}
