using System.Net.Sockets;
using Npgsql;
using Uptime.Hub.Database;

namespace Uptime.Hub.Tests.Database;

public sealed class DatabaseUnavailableTests
{
    public static TheoryData<string> UnavailableStates => ["57P01", "57P02", "57P03", "08006", "08001", "53300"];

    public static TheoryData<string> StatementErrorStates => ["23505", "40P01", "40001", "42P01", "22P02", "57014"];

    [Theory]
    [MemberData(nameof(UnavailableStates))]
    public void Explain_ServerShuttingDownStartingOrOutOfConnections_NamesTheState(string sqlState)
    {
        var reason = DatabaseUnavailable.Explain(Postgres(sqlState, "terminating connection due to administrator command"));

        Assert.Equal($"PostgreSQL answered {sqlState}: terminating connection due to administrator command", reason);
    }

    [Theory]
    [MemberData(nameof(StatementErrorStates))]
    public void Explain_ErrorOfTheStatementItself_NotUnavailable(string sqlState) =>
        Assert.Null(DatabaseUnavailable.Explain(Postgres(sqlState, "duplicate key value violates unique constraint")));

    [Fact]
    public void Explain_ConnectionRefused_NamesTheSocketErrorButNotTheServer()
    {
        var refused = new NpgsqlException("Failed to connect to 10.1.2.3:5432", new SocketException((int)SocketError.ConnectionRefused));

        var reason = DatabaseUnavailable.Explain(refused);

        Assert.Equal("no connection to PostgreSQL (ConnectionRefused)", reason);
    }

    [Fact]
    public void Explain_ConnectOrPoolTimeout_Unavailable()
    {
        var exhausted = new NpgsqlException("The connection pool has been exhausted", new TimeoutException());

        Assert.Equal("no connection to PostgreSQL within the timeout", DatabaseUnavailable.Explain(exhausted));
    }

    [Fact]
    public void Explain_ConnectionLostMidQuery_Unavailable()
    {
        var lost = new NpgsqlException("Exception while reading from stream", new EndOfStreamException());

        Assert.Equal("the connection to PostgreSQL was lost", DatabaseUnavailable.Explain(lost));
    }

    [Fact]
    public void Explain_WrappedByTheCallerOrAnotherNpgsqlException_FoundInside()
    {
        var wrapped = new InvalidOperationException(
            "grain activation failed", new NpgsqlException("outer", new NpgsqlException("inner", new SocketException((int)SocketError.TimedOut))));

        Assert.Equal("no connection to PostgreSQL (TimedOut)", DatabaseUnavailable.Explain(wrapped));
    }

    [Fact]
    public void Explain_NpgsqlErrorWithoutAConnectionCause_NotUnavailable() =>
        Assert.Null(DatabaseUnavailable.Explain(new NpgsqlException("Cannot write DateTime with Kind=Local to PostgreSQL type 'timestamp with time zone'")));

    [Fact]
    public void Explain_ExceptionsOutsideTheDatabase_NotUnavailable()
    {
        Assert.Null(DatabaseUnavailable.Explain(new TimeoutException("grain call timed out")));
        Assert.Null(DatabaseUnavailable.Explain(new InvalidOperationException("bug", new SocketException((int)SocketError.ConnectionRefused))));
    }

    private static PostgresException Postgres(string sqlState, string message) => new(message, "FATAL", "FATAL", sqlState);
}
