namespace Uptime.Protocol;

/// <summary>The <c>code</c> values of ERROR messages sent by the hub.</summary>
public static class ErrorCodes
{
    public const string InvalidJson = "invalid_json";
    public const string InvalidMessage = "invalid_message";
    public const string UnknownType = "unknown_type";
    public const string MissingField = "missing_field";
    public const string InvalidField = "invalid_field";
    public const string InvalidPublicKey = "invalid_public_key";
    public const string NotRegistered = "not_registered";
    public const string AlreadyRegistered = "already_registered";
    public const string UnknownWebsite = "unknown_website";
    public const string InternalError = "internal_error";
}
