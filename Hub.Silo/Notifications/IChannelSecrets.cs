using System.Text.Json.Nodes;

namespace Uptime.Hub.Notifications;

/// <summary>
/// Encryption at rest of a channel's secret settings (<c>notification_channels.secrets</c>), with a key ring every silo
/// shares, so any silo can send for any channel.
/// </summary>
public interface IChannelSecrets
{
    byte[] Protect(JsonObject secrets);

    /// <summary>The secrets <see cref="Protect"/> wrote; throws <see cref="System.Security.Cryptography.CryptographicException"/> when they cannot be read.</summary>
    JsonObject Unprotect(byte[] protectedSecrets);
}
