namespace Uptime.Grains;

/// <summary>The validators a check was sent to: null for every validator.</summary>
public static class CheckTargets
{
    public static bool Include(Guid[]? targets, Guid validatorId) => targets is null || Array.IndexOf(targets, validatorId) >= 0;
}
