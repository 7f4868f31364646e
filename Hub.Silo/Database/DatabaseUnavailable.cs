using System.Net.Sockets;
using Npgsql;

namespace Uptime.Hub.Database;

/// <summary>
/// Tells a failure because PostgreSQL cannot be reached (stopped, restarting, refusing connections, too slow to connect,
/// its pool exhausted) from any other database error, and says why in words fit for an API client: no host, port or
/// connection string. Measured with the server stopped: a pooled connection fails with <c>57P01</c> (admin shutdown), a
/// new one with an <see cref="NpgsqlException"/> around a refused <see cref="SocketException"/>; an exhausted pool and a
/// server that accepts connections but never answers give one around a <see cref="TimeoutException"/>.
/// </summary>
public static class DatabaseUnavailable
{
    /// <summary>
    /// Why <paramref name="exception"/> (or an exception it wraps, e.g. after a grain call) means the database is unavailable,
    /// or null when it means something else.
    /// </summary>
    public static string? Explain(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException postgres:
                    return IsUnavailableState(postgres.SqlState) ? $"PostgreSQL answered {postgres.SqlState}: {postgres.MessageText}" : null;
                case NpgsqlException npgsql:
                    return npgsql.InnerException switch
                    {
                        SocketException socket => $"no connection to PostgreSQL ({socket.SocketErrorCode})",
                        TimeoutException => "no connection to PostgreSQL within the timeout",
                        IOException => "the connection to PostgreSQL was lost",
                        NpgsqlException inner => Explain(inner),
                        _ => null,
                    };
            }
        }

        return null;
    }

    /// <summary>
    /// Class 08 (connection exception), the server shutting down or starting (<c>57P01</c>–<c>57P03</c>) and no free
    /// connection slot (<c>53300</c>); not errors of the statement itself, such as a deadlock or a constraint.
    /// </summary>
    private static bool IsUnavailableState(string sqlState) =>
        sqlState.StartsWith("08", StringComparison.Ordinal) || sqlState is "57P01" or "57P02" or "57P03" or "53300";
}
