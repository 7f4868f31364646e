using Uptime.Protocol.Checks;

namespace Uptime.Protocol;

/// <summary>Parses and validates the frames a validator sends (REGISTER, HEARTBEAT, TICK_RESULT).</summary>
public static class ValidatorMessageParser
{
    public const int MaxLocationLength = 128;
    public const int MaxErrorLength = 2048;
    public const double MaxLatencyMs = 3_600_000;

    /// <summary>An IPv6 address with a scope and a port fits.</summary>
    public const int MaxAddressLength = 64;

    /// <summary>"0x" and 65 bytes in hex; longer text is refused before any signature check runs.</summary>
    public const int MaxSignatureLength = 132;

    public static ParseResult<ValidatorMessage> Parse(ReadOnlyMemory<byte> frame)
    {
        try
        {
            return ParseFrame(frame);
        }
        catch (InvalidOperationException)
        {
            // JsonElement.GetString throws on invalid UTF-8 bytes or unpaired surrogate escapes.
            return new ProtocolError(ErrorCodes.InvalidJson, "Frame contains text that is not valid Unicode");
        }
    }

    private static ParseResult<ValidatorMessage> ParseFrame(ReadOnlyMemory<byte> frame)
    {
        var error = Envelope.Open(frame, out var document, out var type, out var payload);
        using (document)
        {
            if (error is not null)
            {
                return error;
            }

            var reader = new PayloadReader(payload);
            ValidatorMessage? message = type switch
            {
                MessageTypes.Register => ReadRegister(reader),
                MessageTypes.Heartbeat => new HeartbeatMessage(reader.RequiredTimestamp("timestamp")),
                MessageTypes.TickResult => ReadTickResult(reader),
                _ => null,
            };
            if (message is null)
            {
                return new ProtocolError(ErrorCodes.UnknownType, $"Unknown message type \"{Shorten(type)}\"; expected REGISTER, HEARTBEAT or TICK_RESULT");
            }

            return reader.Error ?? Check(message);
        }
    }

    private static RegisterMessage ReadRegister(PayloadReader reader) =>
        new(
            reader.RequiredString("publicKey", 64),
            reader.RequiredString("location", MaxLocationLength).Trim(),
            reader.OptionalString("signature", MaxSignatureLength),
            reader.OptionalTimestamp("lastCheckAt"),
            reader.OptionalStrings("capabilities", CheckCapabilities.MaxCount, CheckCapabilities.MaxLength));

    private static TickResultMessage ReadTickResult(PayloadReader reader) =>
        new(
            reader.RequiredGuid("websiteId"),
            reader.RequiredStatus("status"),
            reader.RequiredNumber("latency", 0, MaxLatencyMs),
            reader.RequiredTimestamp("timestamp"),
            reader.OptionalString("error", MaxErrorLength),
            reader.OptionalGuid("tickId"),
            reader.OptionalString("signature", MaxSignatureLength),
            reader.OptionalString("checkToken", CheckToken.Length + 1),
            reader.OptionalBool("refused") ?? false,
            reader.OptionalInt("httpStatus", 100, 999),
            ReadPhases(reader),
            reader.OptionalString("address", MaxAddressLength),
            reader.OptionalBool("tlsResumed"),
            ReadCertificate(reader),
            reader.OptionalInt("failedAssertion", 0, HttpCheckDefinition.MaxAssertions - 1),
            reader.OptionalBool("warm"));

    private static TickPhases? ReadPhases(PayloadReader reader)
    {
        if (reader.OptionalObject("phases") is not { } element)
        {
            return null;
        }

        var phases = new PayloadReader(element, reader.PathOf("phases"));
        var read = new TickPhases(
            phases.OptionalNumber("dns", 0, TickPhases.MaxMs),
            phases.OptionalNumber("connect", 0, TickPhases.MaxMs),
            phases.OptionalNumber("tls", 0, TickPhases.MaxMs),
            phases.OptionalNumber("firstByte", 0, TickPhases.MaxMs),
            phases.OptionalNumber("transfer", 0, TickPhases.MaxMs));
        return phases.Error is { } error ? Failed<TickPhases>(reader, error) : read;
    }

    private static CertificateFacts? ReadCertificate(PayloadReader reader)
    {
        if (reader.OptionalObject("certificate") is not { } element)
        {
            return null;
        }

        var certificate = new PayloadReader(element, reader.PathOf("certificate"));
        var read = new CertificateFacts(
            certificate.RequiredTimestamp("expiresAt"),
            certificate.RequiredString("subject", CertificateFacts.MaxTextLength),
            certificate.RequiredString("issuer", CertificateFacts.MaxTextLength),
            certificate.OptionalStrings("names", CertificateFacts.MaxNames, CertificateFacts.MaxTextLength) ?? []);
        return certificate.Error is { } error ? Failed<CertificateFacts>(reader, error) : read;
    }

    private static T? Failed<T>(PayloadReader reader, ProtocolError error)
        where T : class
    {
        reader.Fail(error);
        return null;
    }

    private static ParseResult<ValidatorMessage> Check(ValidatorMessage message) => message switch
    {
        RegisterMessage register when !EthereumAddress.IsValid(register.PublicKey) =>
            new ProtocolError(ErrorCodes.InvalidPublicKey, "payload.publicKey must be a 0x-prefixed 20-byte hex address"),
        TickResultMessage { CheckToken: { } text } tick => CheckTokenProblem(text, tick.TickId) ?? new ParseResult<ValidatorMessage>(message, null),
        _ => new ParseResult<ValidatorMessage>(message, null),
    };

    private static ProtocolError? CheckTokenProblem(string text, Guid? tickId)
    {
        if (!CheckToken.TryParse(text, out var token))
        {
            return new ProtocolError(
                ErrorCodes.InvalidField, $"payload.checkToken must be the {CheckToken.Length}-character checkToken of the CHECK_WEBSITE entry, unchanged");
        }

        return tickId is { } id && id != token.TickId
            ? new ProtocolError(ErrorCodes.InvalidField, $"payload.tickId must be {token.TickId}, the tick id carried by payload.checkToken")
            : null;
    }

    private static string Shorten(string value) => value.Length <= 64 ? value : value[..64] + "…";
}
