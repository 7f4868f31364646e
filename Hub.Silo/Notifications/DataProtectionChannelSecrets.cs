using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.DataProtection;

namespace Uptime.Hub.Notifications;

/// <summary>
/// <see cref="IChannelSecrets"/> with ASP.NET Core Data Protection (authenticated encryption, keys rolled every 90 days and
/// kept, so older secrets stay readable) over the key ring every silo shares (<see cref="PostgresXmlRepository"/>).
/// </summary>
public sealed class DataProtectionChannelSecrets(IDataProtectionProvider provider) : IChannelSecrets
{
    /// <summary>The application name every silo protects under: the same name is what makes their protectors agree.</summary>
    public const string ApplicationName = "Uptime.Hub";

    /// <summary>Versioned, so that a later format of the protected JSON can be told apart from this one.</summary>
    public const string Purpose = "Uptime.Hub.Notifications.ChannelSecrets.v1";

    private readonly IDataProtector _protector = provider.CreateProtector(Purpose);

    public byte[] Protect(JsonObject secrets) => _protector.Protect(JsonSerializer.SerializeToUtf8Bytes(secrets));

    public JsonObject Unprotect(byte[] protectedSecrets) =>
        JsonNode.Parse(_protector.Unprotect(protectedSecrets)) as JsonObject
        ?? throw new System.Security.Cryptography.CryptographicException("The channel secrets are not a JSON object");
}
