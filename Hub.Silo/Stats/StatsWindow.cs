namespace Uptime.Hub.Stats;

/// <summary>A statistics window and where it is read from: minute rollups up to a day, hour rollups beyond.</summary>
public sealed record StatsWindow(string Name, TimeSpan Length, string Table, TimeSpan Resolution, TimeSpan SeriesBucket)
{
    public static readonly StatsWindow Hour = new("1h", TimeSpan.FromHours(1), "website_rollups_minute", TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
    public static readonly StatsWindow Day = new("24h", TimeSpan.FromDays(1), "website_rollups_minute", TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(10));
    public static readonly StatsWindow Week = new("7d", TimeSpan.FromDays(7), "website_rollups_hour", TimeSpan.FromHours(1), TimeSpan.FromHours(1));
    public static readonly StatsWindow Month = new("30d", TimeSpan.FromDays(30), "website_rollups_hour", TimeSpan.FromHours(1), TimeSpan.FromHours(4));

    public static readonly IReadOnlyList<StatsWindow> All = [Hour, Day, Week, Month];

    public static StatsWindow? Parse(string? name) => name is null ? Day : All.FirstOrDefault(w => w.Name == name);

    /// <summary>The first rollup bucket inside the window ending at <paramref name="now"/>.</summary>
    public DateTime Start(DateTime now) => Floor(now - Length, Resolution);

    public static DateTime Floor(DateTime time, TimeSpan unit) => new(time.Ticks - (time.Ticks % unit.Ticks), DateTimeKind.Utc);
}
