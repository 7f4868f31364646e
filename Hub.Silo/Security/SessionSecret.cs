using System.Security.Cryptography;
using Npgsql;

namespace Uptime.Hub.Security;

/// <summary>
/// The session-signing secret shared by all silos, kept in <c>hub_secrets</c> (sql/102_security.sql): the first silo to
/// need it inserts a random one, every silo then reads the row that won. Loaded once, on first use.
/// </summary>
public sealed class SessionSecret(NpgsqlDataSource dataSource)
{
    public const string Name = "session_hmac";

    private readonly SemaphoreSlim _loading = new(1, 1);
    private SessionTokens? _tokens;

    public async Task<SessionTokens> GetTokensAsync(CancellationToken cancellationToken)
    {
        if (_tokens is { } tokens)
        {
            return tokens;
        }

        await _loading.WaitAsync(cancellationToken);
        try
        {
            return _tokens ??= new SessionTokens(await LoadOrCreateAsync(dataSource, cancellationToken));
        }
        finally
        {
            _loading.Release();
        }
    }

    public static async Task<byte[]> LoadOrCreateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
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
            command.Parameters.Add(new() { Value = Name });
            command.Parameters.Add(new() { Value = RandomNumberGenerator.GetBytes(32) });
            if (await command.ExecuteScalarAsync(cancellationToken) is byte[] secret)
            {
                return secret;
            }
        }
    }
}
