namespace Uptime.Hub.Maintenance;

/// <summary>
/// Windows asked about together (those for all websites, or one website's own), remembering its answer until the next start
/// or end among them: between two boundaries the answer cannot change, so the website grains' questions cost a comparison
/// however many windows there are. Safe to share between threads.
/// </summary>
public sealed class WindowSet(ScheduledWindow[] windows)
{
    private Answer? _answer;

    public IReadOnlyList<ScheduledWindow> Windows => windows;

    public bool IsOpen(DateTime at)
    {
        var answer = Volatile.Read(ref _answer);
        if (answer is not null && at >= answer.From && at < answer.Until)
        {
            return answer.Open;
        }

        var open = false;
        var until = DateTime.MaxValue;
        foreach (var window in windows)
        {
            if (window.CurrentOrNext(at) is not { } occurrence)
            {
                continue;
            }

            open |= occurrence.Start <= at;
            var boundary = occurrence.Start <= at ? occurrence.End : occurrence.Start;
            until = boundary < until ? boundary : until;
        }

        if (answer is null || at > answer.From)
        {
            Volatile.Write(ref _answer, new Answer(at, until, open));
        }

        return open;
    }

    private sealed record Answer(DateTime From, DateTime Until, bool Open);
}
