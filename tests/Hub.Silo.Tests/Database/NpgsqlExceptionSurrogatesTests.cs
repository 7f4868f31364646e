using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Serialization;
using Uptime.Hub.Database;

namespace Uptime.Hub.Tests.Database;

/// <summary>Npgsql's exceptions cross between silos (Orleans' serializer) still telling "database unavailable" apart.</summary>
public sealed class NpgsqlExceptionSurrogatesTests
{
    private readonly Serializer _serializer = new ServiceCollection()
        .AddSerializer(builder => builder.AddAssembly(typeof(DatabaseUnavailable).Assembly))
        .BuildServiceProvider()
        .GetRequiredService<Serializer>();

    public static TheoryData<Exception, string?> Exceptions => new()
    {
        { new NpgsqlException("Failed to connect to 127.0.0.1:5432", new SocketException((int)SocketError.ConnectionRefused)), "no connection to PostgreSQL (ConnectionRefused)" },
        { new NpgsqlException("The connection pool has been exhausted", new TimeoutException()), "no connection to PostgreSQL within the timeout" },
        { new NpgsqlException("Exception while reading from stream", new EndOfStreamException()), "the connection to PostgreSQL was lost" },
        { new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", "57P01"), "PostgreSQL answered 57P01: terminating connection due to administrator command" },
        { new PostgresException("deadlock detected", "ERROR", "ERROR", "40P01"), null },
        { new NpgsqlException("Cannot write DateTime with Kind=Local"), null },
    };

    [Theory]
    [MemberData(nameof(Exceptions))]
    public void RoundTrip_AsAGrainCallsFailureInsideAnOrleansException_SameVerdict(Exception exception, string? reason)
    {
        var remote = new OrleansException("Error from storage provider AdoNetGrainStorage.website during ReadStateAsync", exception);

        var received = _serializer.Deserialize<Exception>(_serializer.SerializeToArray<Exception>(remote))!;

        Assert.Equal(reason, DatabaseUnavailable.Explain(received));
        Assert.Equal(exception.GetType(), received.InnerException?.GetType());
    }
}
