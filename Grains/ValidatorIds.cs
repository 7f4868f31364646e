namespace Uptime.Grains;

/// <summary>
/// A validator's id is a name-based UUID (RFC 9562 version 5) of its lower-cased address, so every silo derives
/// the same id from a REGISTER without a database round trip, and one address can never get two ids.
/// </summary>
public static class ValidatorIds
{
    private static readonly Guid _namespace = new("5f0c8a52-3c1e-4b59-9a57-1d3f0e2a7c41");

    public static Guid FromPublicKey(string publicKey) => NameBasedUuid.Create(_namespace, publicKey.ToLowerInvariant());
}
