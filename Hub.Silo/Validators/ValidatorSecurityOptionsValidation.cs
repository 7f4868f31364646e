using Microsoft.Extensions.Options;

namespace Uptime.Hub.Validators;

/// <summary>Token mode needs the tokens' hashes.</summary>
public sealed class ValidatorSecurityOptionsValidation : IValidateOptions<ValidatorSecurityOptions>
{
    public ValidateOptionsResult Validate(string? name, ValidatorSecurityOptions options) =>
        options.Auth == ValidatorAuthMode.Token && options.TokenHashes.Count == 0
            ? ValidateOptionsResult.Fail(
                "VALIDATOR_TOKEN_HASHES is required when VALIDATOR_AUTH=token (comma-separated SHA-256 hex digests of the validator tokens)")
            : ValidateOptionsResult.Success;
}
