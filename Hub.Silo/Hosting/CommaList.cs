namespace Uptime.Hub.Hosting;

/// <summary>How the list settings are written.</summary>
public static class CommaList
{
    /// <summary>The items of a comma-separated list, trimmed, empty ones left out.</summary>
    public static string[] Items(string text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
