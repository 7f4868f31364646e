namespace Uptime.Hub.Database;

/// <summary>Where the hub's PostgreSQL is (spec: <c>DATABASE_URL</c>, required).</summary>
public sealed class DatabaseOptions
{
    public const string NotSet = "DATABASE_URL is not set (expected postgresql://user:password@host:port/database)";

    /// <summary>Npgsql connection string derived from <c>DATABASE_URL</c> (<see cref="DatabaseUrl"/>); empty until set.</summary>
    [ConfigurationKeyName("DATABASE_URL"), DatabaseUrlSetting]
    public string ConnectionString { get; set; } = "";
}
