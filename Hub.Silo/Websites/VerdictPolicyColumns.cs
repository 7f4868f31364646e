using System.Data.Common;
using Npgsql;
using NpgsqlTypes;
using Uptime.Grains;

namespace Uptime.Hub.Websites;

/// <summary>The websites columns that hold a <see cref="VerdictPolicy"/> (sql/107_verdicts.sql).</summary>
public static class VerdictPolicyColumns
{
    public const string Names =
        "regions, validators_per_region, down_quorum, failing_rounds, degraded_latency_ms, incident_on_degraded, recovery_seconds";

    public const int Count = 7;

    /// <summary>The SET list of an UPDATE whose parameters from <paramref name="first"/> on come from <see cref="AddChanges"/>.</summary>
    public static string Assignments(int first) => string.Join(
        ",\n",
        Names.Split(", ").Select((column, i) => $"{column} = CASE WHEN ${first + 2 * i} THEN ${first + 2 * i + 1} ELSE {column} END"));

    /// <summary>The parameters of <see cref="Assignments"/>: for each column whether to set it, and its value.</summary>
    public static void AddChanges(NpgsqlParameterCollection parameters, VerdictPolicyChanges changes)
    {
        Add(parameters, changes.Regions is not null, changes.Regions?.Value, NpgsqlDbType.Array | NpgsqlDbType.Text);
        Add(parameters, changes.ValidatorsPerRegion is not null, changes.ValidatorsPerRegion?.Value, NpgsqlDbType.Integer);
        Add(parameters, changes.DownQuorum is not null, changes.DownQuorum?.Value, NpgsqlDbType.Integer);
        Add(parameters, changes.FailingRounds is not null, changes.FailingRounds?.Value, NpgsqlDbType.Integer);
        Add(parameters, changes.DegradedLatencyMs is not null, changes.DegradedLatencyMs?.Value, NpgsqlDbType.Integer);
        Add(parameters, changes.IncidentOnDegraded is not null, changes.IncidentOnDegraded?.Value, NpgsqlDbType.Boolean);
        Add(parameters, changes.RecoverySeconds is not null, changes.RecoverySeconds?.Value, NpgsqlDbType.Integer);
    }

    /// <summary>Every column's value, in <see cref="Names"/>' order.</summary>
    public static void AddValues(NpgsqlParameterCollection parameters, VerdictPolicy policy)
    {
        parameters.Add(new NpgsqlParameter { Value = policy.Regions ?? (object)DBNull.Value, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        parameters.Add(new NpgsqlParameter { Value = policy.ValidatorsPerRegion ?? (object)DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        parameters.Add(new NpgsqlParameter { Value = policy.DownQuorum ?? (object)DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        parameters.Add(new NpgsqlParameter<int> { TypedValue = policy.FailingRounds });
        parameters.Add(new NpgsqlParameter { Value = policy.DegradedLatencyMs ?? (object)DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        parameters.Add(new NpgsqlParameter<bool> { TypedValue = policy.IncidentOnDegraded });
        parameters.Add(new NpgsqlParameter<int> { TypedValue = policy.RecoverySeconds });
    }

    public static VerdictPolicy Read(DbDataReader reader, int first)
    {
        var policy = new VerdictPolicy(
            reader.IsDBNull(first) ? null : reader.GetFieldValue<string[]>(first),
            NullableInt(reader, first + 1),
            NullableInt(reader, first + 2),
            reader.GetInt32(first + 3),
            NullableInt(reader, first + 4),
            reader.GetBoolean(first + 5),
            reader.GetInt32(first + 6));
        return policy == VerdictPolicy.Default ? VerdictPolicy.Default : policy;
    }

    private static int? NullableInt(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt32(ordinal);

    private static void Add(NpgsqlParameterCollection parameters, bool set, object? value, NpgsqlDbType type)
    {
        parameters.Add(new NpgsqlParameter<bool> { TypedValue = set });
        parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value, NpgsqlDbType = type });
    }
}
