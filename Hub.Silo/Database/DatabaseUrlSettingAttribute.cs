using Uptime.Settings;

namespace Uptime.Hub.Database;

/// <summary>A <c>postgresql://</c> URL or an Npgsql connection string, as a connection string.</summary>
public sealed class DatabaseUrlSettingAttribute : SettingAttribute
{
    public override object? Parse(string variable, string text) => DatabaseUrl.ToConnectionString(text);
}
