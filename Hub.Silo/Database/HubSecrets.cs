using System.Security.Cryptography;
using Npgsql;

namespace Uptime.Hub.Database;

/// <summary>
/// Secrets shared by all silos, kept by name in <c>hub_secrets</c> (sql/102_security.sql): the first silo to need one
/// inserts a random value, every silo then reads the row that won.
/// </summary>
public static class HubSecrets
{
    public static async Task<byte[]> LoadOrCreateAsync(NpgsqlDataSource dataSource, string name, CancellationToken cancellationToken)
    {
        // The outer SELECT cannot see a row a concurrent silo commits while this statement runs, so such a race
        // returns nothing; the next attempt reads that row.
        while (true)
        {
            await using var command = dataSource.CreateCommand("""
                WITH inserted AS (
                    INSERT INTO hub_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING RETURNING value)
                SELECT value FROM inserted
                UNION ALL
                SELECT value FROM hub_secrets WHERE name = $1
                LIMIT 1
                """);
            command.Parameters.Add(new() { Value = name });
            command.Parameters.Add(new() { Value = RandomNumberGenerator.GetBytes(32) });
            if (await command.ExecuteScalarAsync(cancellationToken) is byte[] secret)
            {
                return secret;
            }
        }
    }
}
