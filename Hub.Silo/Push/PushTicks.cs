using Uptime.Grains;

namespace Uptime.Hub.Push;

/// <summary>
/// A push is stored as a website_ticks row of the push monitor from a validator that does not exist: this name-based id,
/// located "push", so the ticks API, the uptime statistics and the dashboard show pushes like ticks.
/// </summary>
public static class PushTicks
{
    public const string Location = "push";

    private static readonly Guid _namespace = new("0b6f1f7e-6a55-4d2b-9f0e-2d8c4b1a9e63");

    public static Guid ValidatorId { get; } = NameBasedUuid.Create(_namespace, "push");
}
