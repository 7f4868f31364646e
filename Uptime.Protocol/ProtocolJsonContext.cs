using System.Text.Json.Serialization;

namespace Uptime.Protocol;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(RegisterMessage))]
[JsonSerializable(typeof(HeartbeatMessage))]
[JsonSerializable(typeof(TickResultMessage))]
[JsonSerializable(typeof(RegisteredMessage))]
[JsonSerializable(typeof(CheckWebsiteMessage))]
[JsonSerializable(typeof(HeartbeatAckMessage))]
[JsonSerializable(typeof(ErrorMessage))]
[JsonSerializable(typeof(TickAckMessage))]
[JsonSerializable(typeof(ChallengeMessage))]
internal sealed partial class ProtocolJsonContext : JsonSerializerContext;
