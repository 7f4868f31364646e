namespace Uptime.Grains.Tests.Infrastructure;

/// <summary>Every wait in these tests is bounded and fails with a message saying what did not happen.</summary>
internal static class Waits
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
}
