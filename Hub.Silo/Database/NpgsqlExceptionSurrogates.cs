using System.Net.Sockets;
using Npgsql;

namespace Uptime.Hub.Database;

/// <summary>
/// What of an <see cref="NpgsqlException"/> crosses between silos: Orleans has no codec for Npgsql's exceptions, so
/// without these a grain's "PostgreSQL unreachable" reached a caller on another silo as a <c>CodecNotFoundException</c>
/// (measured: a 500 instead of the 503). The cause is kept as far as <see cref="DatabaseUnavailable"/> reads it.
/// </summary>
[GenerateSerializer, Immutable, Alias("uptime.npgsql-exception")]
public readonly record struct NpgsqlExceptionSurrogate(
    [property: Id(0)] string Message,
    [property: Id(1)] SocketError? SocketError,
    [property: Id(2)] bool TimedOut,
    [property: Id(3)] bool ConnectionLost);

[RegisterConverter]
public sealed class NpgsqlExceptionConverter : IConverter<NpgsqlException, NpgsqlExceptionSurrogate>
{
    public NpgsqlException ConvertFromSurrogate(in NpgsqlExceptionSurrogate surrogate)
    {
        Exception? cause = surrogate switch
        {
            { SocketError: { } code } => new SocketException((int)code),
            { TimedOut: true } => new TimeoutException(),
            { ConnectionLost: true } => new IOException("the connection was lost"),
            _ => null,
        };
        return new NpgsqlException(surrogate.Message, cause);
    }

    public NpgsqlExceptionSurrogate ConvertToSurrogate(in NpgsqlException value) => new(
        value.Message,
        (value.InnerException as SocketException)?.SocketErrorCode,
        value.InnerException is TimeoutException,
        value.InnerException is IOException);
}

/// <summary>A <see cref="PostgresException"/> (an error the server answered) as it crosses between silos: its state and text.</summary>
[GenerateSerializer, Immutable, Alias("uptime.postgres-exception")]
public readonly record struct PostgresExceptionSurrogate(
    [property: Id(0)] string MessageText,
    [property: Id(1)] string Severity,
    [property: Id(2)] string InvariantSeverity,
    [property: Id(3)] string SqlState);

[RegisterConverter]
public sealed class PostgresExceptionConverter : IConverter<PostgresException, PostgresExceptionSurrogate>
{
    public PostgresException ConvertFromSurrogate(in PostgresExceptionSurrogate surrogate) =>
        new(surrogate.MessageText, surrogate.Severity, surrogate.InvariantSeverity, surrogate.SqlState);

    public PostgresExceptionSurrogate ConvertToSurrogate(in PostgresException value) =>
        new(value.MessageText, value.Severity, value.InvariantSeverity, value.SqlState);
}
