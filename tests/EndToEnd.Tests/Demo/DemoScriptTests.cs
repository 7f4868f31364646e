using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Uptime.EndToEnd.Tests.Demo;

/// <summary>The README's first command and its cluster demo, run as a user runs them.</summary>
public sealed partial class DemoScriptTests
{
    private static readonly TimeSpan _startLimit = TimeSpan.FromMinutes(4);
    private static readonly TimeSpan _stopLimit = TimeSpan.FromSeconds(90);
    private const string BannerEnd = "This text again: cat .data/banner.txt";

    [Fact]
    public async Task Up_TheBannerStaysOnScreen_AnAlertWithinAMinute_NoWarningFromTheHub_CtrlCStopsEverything()
    {
        await using var demo = DemoScript.Start("up");
        await demo.WaitForLineAsync(BannerEnd, _startLimit);
        var bannerAt = demo.Lines.Count;

        // Two and a half rounds of the demo's 10 s checks, from two validators.
        await Task.Delay(TimeSpan.FromSeconds(25));

        // The demo's /down website opens an incident in its first round, and its alert reaches the demo target's receiver, signed.
        var alert = await demo.WaitForLineAsync("🔔 alert", TimeSpan.FromSeconds(35), bannerAt);
        Assert.StartsWith("[target]", alert, StringComparison.Ordinal);
        Assert.Contains("Demo: down", alert, StringComparison.Ordinal);
        Assert.DoesNotContain(demo.Lines, line => line.Contains("🔕", StringComparison.Ordinal));
        await AssertThePushMonitorAndTheApiCheckAreUpAsync(demo);

        var afterBanner = demo.Lines.Skip(bannerAt).ToList();
        Assert.DoesNotContain(afterBanner, line => line.Contains("Checked", StringComparison.Ordinal) || line.Contains("Received", StringComparison.Ordinal));
        // Three agents' start-up (24 lines), one status line per demo website, /flaky's random changes: under a screenful.
        Assert.True(afterBanner.Count < 45, $"{afterBanner.Count} lines scrolled the banner away{demo.Describe}");
        await AssertTheReadmesLookAroundCommandsWorkAsync(demo);
        var hubLines = demo.Lines.Where(line => line.StartsWith("[hub]", StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(hubLines, line => WarningOrWorse().IsMatch(line));
        Assert.DoesNotContain(hubLines, line => line.Length > 300);
        Assert.True(await demo.InterruptAsync(_stopLimit), $"not stopped within {_stopLimit.TotalSeconds} s{demo.Describe}");

        // The validators leave before the hub: none of them tries to reach a hub that is going away.
        var stopping = demo.Lines.SkipWhile(line => !line.Contains("Stopping", StringComparison.Ordinal)).ToList();
        Assert.Contains(stopping, line => line.Contains("Final tick counts", StringComparison.Ordinal));
        Assert.DoesNotContain(stopping, line => line.Contains("Reconnecting", StringComparison.Ordinal) || line.Contains("Connecting to hub", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cluster_ASiloKilled_IsRestartedWhileTheRestKeepsRunning()
    {
        await using var demo = DemoScript.Start("cluster", new Dictionary<string, string> { ["UPTIME_SILO_RESTART_DELAY"] = "2" });
        var silos = await demo.WaitForLineAsync("Silos:", _startLimit);
        await demo.WaitForLineAsync(BannerEnd, TimeSpan.FromSeconds(10));
        var victim = int.Parse(SiloTwoPid().Match(silos).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

        using (var kill = System.Diagnostics.Process.Start("kill", ["-9", $"{victim}"]))
        {
            await kill.WaitForExitAsync();
        }

        await demo.WaitForLineAsync("silo-2 restarted", TimeSpan.FromSeconds(60));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await Infrastructure.Eventually.UntilAsync(
            async () => await IsReadyAsync(http, demo.HubPort + 2),
            ready => ready,
            TimeSpan.FromSeconds(120),
            _ => $"the restarted silo-2 never became ready{demo.Describe}");
        Assert.True(await IsReadyAsync(http, demo.HubPort), $"nginx in front of the silos does not answer{demo.Describe}");
        Assert.False(demo.HasExited, $"the demo stopped{demo.Describe}");
        Assert.DoesNotContain(demo.Lines, line => line.Contains("stopping the rest", StringComparison.Ordinal));
        Assert.True(await demo.InterruptAsync(_stopLimit), $"not stopped within {_stopLimit.TotalSeconds} s{demo.Describe}");
    }

    /// <summary><c>cat .data/banner.txt</c> and <c>psql postgresql://postgres@127.0.0.1:55432/uptime</c>, as the README offers them.</summary>
    private static async Task AssertTheReadmesLookAroundCommandsWorkAsync(DemoScript demo)
    {
        var banner = await File.ReadAllTextAsync(Path.Combine(demo.DataDirectory, "banner.txt"));
        Assert.Contains(BannerEnd, banner, StringComparison.Ordinal);
        Assert.Contains($"http://127.0.0.1:{demo.HubPort}/", banner, StringComparison.Ordinal);

        var psql = new System.Diagnostics.ProcessStartInfo("psql") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { $"postgresql://postgres@127.0.0.1:{demo.PostgresPort}/uptime", "-At", "-c", "SELECT count(*) FROM websites" })
        {
            psql.ArgumentList.Add(argument);
        }

        using var process = System.Diagnostics.Process.Start(psql)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0 && output.Trim() == "7", $"psql exited with {process.ExitCode}: {output}{errors}");
    }

    /// <summary>
    /// The demo target pushes to the demo's push monitor every 5 s (interval 10 s, grace 5 s): it is Up; so is the keyword
    /// and JSON check of its /health.
    /// </summary>
    private static async Task AssertThePushMonitorAndTheApiCheckAreUpAsync(DemoScript demo)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var websites = await http.GetFromJsonAsync<JsonElement[]>(new Uri($"http://127.0.0.1:{demo.HubPort}/api/websites"));
        var push = Assert.Single(websites!, website => website.GetProperty("name").GetString() == "Demo: nightly job");
        Assert.True(push.GetProperty("status").GetString() == "Up", $"the demo's push monitor: {push}{demo.Describe}");
        var health = Assert.Single(websites!, website => website.GetProperty("name").GetString() == "Demo: API health");
        Assert.Equal(3, health.GetProperty("check").GetProperty("assertions").GetArrayLength());
        Assert.True(health.GetProperty("status").GetString() == "Up", $"the demo's keyword and JSON check: {health}{demo.Describe}");
    }

    private static async Task<bool> IsReadyAsync(HttpClient http, int port)
    {
        try
        {
            return (await http.GetAsync(new Uri($"http://127.0.0.1:{port}/readyz"))).IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"\] \d\d:\d\d:\d\d (warn|fail|crit):")]
    private static partial Regex WarningOrWorse();

    [GeneratedRegex(@"silo-2=(\d+)")]
    private static partial Regex SiloTwoPid();
}
