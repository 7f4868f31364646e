using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Uptime.Hub.Database;

/// <summary>
/// Applies the SQL scripts embedded from <c>sql/*.sql</c> (resource names <c>sql/&lt;file&gt;.sql</c>) once each, in
/// file-name order, each in its own transaction together with its row in the <c>schema_migrations</c> journal (name,
/// SHA-256 of the script, applied_at). Every transaction first takes one transaction-scoped advisory lock, so silos
/// that start together take turns: the first applies a script, the others then find it journalled and move on.
/// A journalled script whose text changed, or a new script that sorts before one already applied, stops start-up.
/// A database from before the journal has every script up to <c>104</c> applied and none journalled: those scripts
/// are idempotent, so they run once more there and are journalled like on a new database.
/// </summary>
public static class SchemaMigrator
{
    /// <summary>Advisory lock key shared by every silo of every deployment (the ASCII bytes of "uptimesc").</summary>
    public const long AdvisoryLockKey = 0x7570_7469_6D65_7363;

    private const string ResourcePrefix = "sql/";

    private const string CreateJournal = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            name       text        PRIMARY KEY,
            checksum   text        NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now()
        )
        """;

    private const string ReadJournal = """
        SELECT (SELECT checksum FROM schema_migrations WHERE name = @name),
               (SELECT max(name COLLATE "C") FROM schema_migrations)
        """;

    /// <summary>Names of the embedded scripts, in the order they are applied.</summary>
    public static IReadOnlyList<string> ScriptNames { get; } = typeof(SchemaMigrator).Assembly
        .GetManifestResourceNames()
        .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal)
            && name.EndsWith(".sql", StringComparison.OrdinalIgnoreCase))
        .Order(StringComparer.Ordinal)
        .ToArray();

    /// <summary>
    /// Applies every embedded script not yet journalled and returns their names; throws on the first failure (that
    /// script's transaction is rolled back, the scripts before it stay applied).
    /// </summary>
    public static async Task<IReadOnlyList<string>> ApplyAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        if (ScriptNames.Count == 0)
        {
            throw new InvalidOperationException(
                $"No embedded '{ResourcePrefix}*.sql' resources found in {typeof(SchemaMigrator).Assembly.GetName().Name}.");
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await RunLockedAsync(connection, CreateJournal, cancellationToken);

        var applied = new List<string>();
        foreach (var name in ScriptNames)
        {
            var script = await ReadScriptAsync(name, cancellationToken);
            if (await ApplyOnceAsync(connection, name, script, cancellationToken))
            {
                applied.Add(name);
            }
        }

        return applied;
    }

    /// <summary>The journal's checksum of a script: SHA-256 of its text with line endings made <c>\n</c>, in hex.</summary>
    public static string Checksum(string script) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(script.ReplaceLineEndings("\n"))));

    private static async Task<bool> ApplyOnceAsync(NpgsqlConnection connection, string name, string script, CancellationToken cancellationToken)
    {
        var checksum = Checksum(script);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await LockAsync(connection, transaction, cancellationToken);

        var (journalled, last) = await ReadJournalAsync(connection, transaction, name, cancellationToken);
        if (journalled == checksum)
        {
            return false;
        }

        if (journalled is not null)
        {
            throw new InvalidOperationException(
                $"{name} was changed after it was applied: its checksum is {checksum}, schema_migrations has {journalled}; "
                + "put the change in a new script instead.");
        }

        if (last is not null && string.CompareOrdinal(last, name) > 0)
        {
            throw new InvalidOperationException(
                $"{name} is not in schema_migrations but sorts before {last}, which is; a new script must sort after every applied one.");
        }

        try
        {
            // One command for the whole file; Npgsql splits it into statements (it understands quotes and $$).
            await using var scriptCommand = new NpgsqlCommand(script, connection, transaction);
            await scriptCommand.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException exception)
        {
            throw new InvalidOperationException($"Applying {name} failed: {exception.Message}", exception);
        }

        await using (var journal = new NpgsqlCommand("INSERT INTO schema_migrations (name, checksum) VALUES (@name, @checksum)", connection, transaction))
        {
            journal.Parameters.AddWithValue("name", name);
            journal.Parameters.AddWithValue("checksum", checksum);
            await journal.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private static async Task<(string? Checksum, string? Last)> ReadJournalAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string name, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(ReadJournal, connection, transaction);
        command.Parameters.AddWithValue("name", name);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (
            await reader.IsDBNullAsync(0, cancellationToken) ? null : reader.GetString(0),
            await reader.IsDBNullAsync(1, cancellationToken) ? null : reader.GetString(1));
    }

    private static async Task RunLockedAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await LockAsync(connection, transaction, cancellationToken);
        await using (var command = new NpgsqlCommand(sql, connection, transaction))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task LockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction);
        command.Parameters.AddWithValue("key", AdvisoryLockKey);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<string> ReadScriptAsync(string name, CancellationToken cancellationToken)
    {
        var assembly = typeof(SchemaMigrator).Assembly;
        await using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded resource '{name}' is missing from {assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync(cancellationToken);
    }
}
