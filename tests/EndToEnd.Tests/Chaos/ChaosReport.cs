using Xunit.Abstractions;

namespace Uptime.EndToEnd.Tests.Chaos;

/// <summary>
/// The figures of a chaos run, written as they come to the test output and to the console (so they show in
/// <c>dotnet test --logger "console;verbosity=normal"</c> even when the test passes), each line with the time
/// since the start.
/// </summary>
internal sealed class ChaosReport(ITestOutputHelper output)
{
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private readonly List<string> _failures = [];

    public TimeSpan Elapsed => _clock.Elapsed;

    public IReadOnlyList<string> Failures => _failures;

    public void Line(string text)
    {
        var line = $"[chaos {_clock.Elapsed.TotalSeconds,6:0.0}s] {text}";
        output.WriteLine(line);
        Console.WriteLine(line);
    }

    /// <summary>Records a failed expectation without stopping the run, so every figure is still printed.</summary>
    public void Expect(bool condition, string failure)
    {
        if (!condition)
        {
            _failures.Add(failure);
            Line("EXPECTATION FAILED: " + failure);
        }
    }
}
