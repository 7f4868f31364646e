namespace Uptime.Hub.Websites;

/// <summary>The paging parameters the lists share: <c>limit</c> 1–1000 (default 100) and <c>offset</c> ≥ 0 (default 0).</summary>
public static class Paging
{
    public const int MaxLimit = 1000;

    public static readonly NumberParameter Limit = new("limit", 1, MaxLimit, 100);
    public static readonly NumberParameter Offset = new("offset", 0, int.MaxValue, 0);
}
