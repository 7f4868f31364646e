namespace Uptime.Grains;

/// <summary>
/// When canary rounds make a validator impaired, and when they let it recover: a round fails when more than half of
/// the canaries it counted were Bad (or unanswered); <see cref="FailingRounds"/> failing rounds in a row impair it; one
/// round where every counted canary was Good makes it recover. A round with nothing counted (every canary refused by the
/// validator's own policy) says nothing either way, and neither does one with a minority of Bad canaries, which only
/// ends a streak of failing rounds.
/// </summary>
public static class ImpairmentRule
{
    public const int FailingRounds = 2;

    public static bool Fails(CanaryRound round) => round.Checked > 0 && round.Bad * 2 > round.Checked;

    public static bool Passes(CanaryRound round) => round.Checked > 0 && round.Bad == 0;

    public static string Reason(CanaryRound round) =>
        $"Bad on {round.Bad} of {round.Checked} canaries in {FailingRounds} consecutive rounds (latest: {round.Problem ?? "Bad"})";
}
