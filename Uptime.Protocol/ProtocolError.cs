namespace Uptime.Protocol;

/// <summary>Why a frame was refused; sent back as the payload of an ERROR message.</summary>
public sealed record ProtocolError(string Code, string Message);

/// <summary>Either a parsed message or the reason it was refused.</summary>
public readonly record struct ParseResult<T>(T? Message, ProtocolError? Error)
    where T : class
{
    public static implicit operator ParseResult<T>(ProtocolError error) => new(null, error);
}
