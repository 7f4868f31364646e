using Uptime.Hub.Hosting;

namespace Uptime.Hub.Observability;

/// <summary>The console log format and the stats log line.</summary>
public sealed class ObservabilityOptions
{
    /// <summary>How often the stats line is logged (spec: 60 s).</summary>
    [ConfigurationKeyName("HUB_STATS_INTERVAL_SECONDS"), SecondsSetting(1, 86400)]
    public TimeSpan StatsInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Console logs as simple single lines or as one JSON object per line.</summary>
    [ConfigurationKeyName("HUB_LOG_FORMAT"), ChoiceSetting(typeof(LogFormat))]
    public LogFormat LogFormat { get; set; } = LogFormat.Simple;
}

/// <summary>The console log format (<c>HUB_LOG_FORMAT</c>).</summary>
public enum LogFormat
{
    /// <summary>One line per event.</summary>
    Simple,

    /// <summary>One JSON object per line, with UTC timestamps.</summary>
    Json,
}
