using Npgsql;

namespace Uptime.Hub.Database;

/// <summary>The hub's one <see cref="NpgsqlDataSource"/>, tuned for its few, hot, repeated statements.</summary>
public static class HubDataSource
{
    public static NpgsqlDataSource Create(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);

        // The hub keeps no session state on pooled connections, so the DISCARD ALL Npgsql would send on every
        // return to the pool is pure cost (it ran once per tick batch), and it would also drop prepared statements.
        if (!connectionString.Contains("Reset On Close", StringComparison.OrdinalIgnoreCase))
        {
            builder.NoResetOnClose = true;
        }

        // Prepare the statements run again and again (tick batches, heartbeats, lookups) once per connection.
        if (!connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxAutoPrepare = 32;
        }

        return NpgsqlDataSource.Create(builder);
    }
}
