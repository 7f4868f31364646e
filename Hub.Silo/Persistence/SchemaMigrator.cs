using Npgsql;

namespace Uptime.Hub.Persistence;

/// <summary>
/// Applies the SQL scripts embedded from <c>sql/*.sql</c> (resource names <c>sql/&lt;file&gt;.sql</c>) in
/// file-name order, each in its own transaction. The scripts are idempotent and run on every start; a
/// transaction-scoped advisory lock taken first makes silos that start together apply them one after the other
/// instead of racing on <c>CREATE TABLE IF NOT EXISTS</c> / <c>CREATE OR REPLACE FUNCTION</c>.
/// </summary>
public static class SchemaMigrator
{
    /// <summary>Advisory lock key shared by every silo of every deployment (the ASCII bytes of "uptimesc").</summary>
    public const long AdvisoryLockKey = 0x7570_7469_6D65_7363;

    private const string ResourcePrefix = "sql/";

    /// <summary>Names of the embedded scripts, in the order they are applied.</summary>
    public static IReadOnlyList<string> ScriptNames { get; } = typeof(SchemaMigrator).Assembly
        .GetManifestResourceNames()
        .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal)
            && name.EndsWith(".sql", StringComparison.OrdinalIgnoreCase))
        .Order(StringComparer.Ordinal)
        .ToArray();

    /// <summary>Applies every embedded script; throws on the first failure (that script's transaction is rolled back).</summary>
    public static async Task ApplyAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        if (ScriptNames.Count == 0)
        {
            throw new InvalidOperationException(
                $"No embedded '{ResourcePrefix}*.sql' resources found in {typeof(SchemaMigrator).Assembly.GetName().Name}.");
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        foreach (var name in ScriptNames)
        {
            var script = await ReadScriptAsync(name, cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

            await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
            {
                lockCommand.Parameters.AddWithValue("key", AdvisoryLockKey);
                await lockCommand.ExecuteNonQueryAsync(cancellationToken);
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

            await transaction.CommitAsync(cancellationToken);
        }
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
