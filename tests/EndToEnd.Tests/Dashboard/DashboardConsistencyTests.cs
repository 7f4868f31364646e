using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Uptime.EndToEnd.Tests.Infrastructure;
using Xunit.Sdk;
using static Microsoft.Playwright.Assertions;

namespace Uptime.EndToEnd.Tests.Dashboard;

/// <summary>
/// The dashboard never contradicts itself nor the REST API, in a real browser against a hub, agents and a local
/// target: the header's counts and the rows, the detail panel's figures and the statistics API, the tooltips of the
/// first load and of live ticks, the uptime format, the page before its data and the validators' online count.
/// </summary>
public sealed partial class DashboardConsistencyTests(HubWithTargetFixture fixture) : DashboardTest<HubWithTargetFixture>(fixture)
{
    private const string Location = "EU-West Dublin";

    private static readonly string[] _statuses = ["Up", "Down", "Degraded", "Maintenance", "Unknown", "Paused"];

    private static readonly TimeSpan _timeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Records, on every animation frame, a difference between the header's counts, the websites count and the rows
    /// that lasts two frames (a frame's worth is no contradiction a viewer can see). Every website must fit on the page.
    /// </summary>
    private const string WatchForContradictions = """
        () => {
          window.__contradictions = [];
          const statuses = ["Up", "Down", "Degraded", "Maintenance", "Unknown", "Paused"];
          const read = () => {
            const shown = {};
            for (const row of document.querySelectorAll("#site-body .site-row")) {
              shown[row.dataset.status] = (shown[row.dataset.status] ?? 0) + 1;
            }
            const problems = [];
            let sum = 0;
            for (const status of statuses) {
              const text = document.getElementById(`count-${status}`).textContent;
              if (text === "–") return null;
              const n = Number(text.replaceAll(",", ""));
              sum += n;
              if (n !== (shown[status] ?? 0)) problems.push(`${status}: header ${n}, rows ${shown[status] ?? 0}`);
            }
            const count = document.getElementById("websites-count").textContent;
            if (count !== `${sum} website${sum === 1 ? "" : "s"}`) problems.push(`"${count}" beside ${sum} in the header`);
            return problems.length ? problems.join("; ") : null;
          };
          // Where the list stood, so a failure says whether rows were unmounted (scrolled off) or showed another status.
          const where = () => {
            const body = document.getElementById("site-body");
            const mounted = [...body.querySelectorAll(".site-row")].map((row) => row.dataset.status ?? "?").join(",");
            return `rows in the document [${mounted}], list top ${Math.round(body.getBoundingClientRect().top)} px, `
              + `viewport ${window.innerHeight} px, scrollY ${Math.round(window.scrollY)}`;
          };
          let previous = null;
          const check = () => {
            const now = read();
            const list = window.__contradictions;
            if (now && now === previous && !list[list.length - 1]?.startsWith(now)) list.push(`${now} (${where()})`);
            previous = now;
            requestAnimationFrame(check);
          };
          requestAnimationFrame(check);
        }
        """;

    private static string ArtifactsDirectory => Path.Combine(AppContext.BaseDirectory, "TestResults");

    [Fact]
    public async Task UptimeFormat_RoundsToTheHundredth_AndNeverClaimsAPerfectOrEmptyRecordThatIsNot()
    {
        await using var browser = await DashboardBrowser.LaunchAsync();
        await browser.OpenAsync(Hub);

        // Each value as the hub computes it: (checks − failures) × 100.0 / checks.
        (double? Value, string Shown)[] cases =
        [
            (7 * 100.0 / 9, "77.78%"),
            (2 * 100.0 / 3, "66.67%"),
            (100, "100.00%"),
            (0, "0.00%"),
            (99.999, "99.99%"),
            (99_995 * 100.0 / 100_000, "99.99%"),
            (0.001, "0.01%"),
            (1.005, "1.01%"),
            (99.5, "99.50%"),
            (null, "–"),
        ];
        var formatted = await browser.Page.EvaluateAsync<string[]>(
            "async (values) => { const { formatPercent } = await import('/js/format.js'); return values.map(formatPercent); }",
            cases.Select(c => c.Value).ToArray());

        Assert.Equal(cases.Select(c => c.Shown), formatted);
    }

    [Fact]
    public async Task BeforeItsData_ThePageSaysItIsLoading_AndWhenTheLoadFails_SaysSo()
    {
        await Hub.CreateWebsiteAsync("http://127.0.0.1:9/loading", 3600);
        await using var browser = await DashboardBrowser.LaunchAsync();
        var page = browser.Page;
        try
        {
            var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await page.RouteAsync(DashboardRequest(), async route =>
            {
                await release.Task;
                await route.ContinueAsync();
            });
            await browser.OpenAsync(Hub);
            await Expect(page.Locator("#sites-loading")).ToBeVisibleAsync();
            await Expect(page.Locator("#websites-count")).ToHaveTextAsync("Loading…");
            foreach (var status in _statuses)
            {
                await Expect(page.Locator($"#count-{status}")).ToHaveTextAsync("–");
            }

            await Expect(page.Locator("#sites-empty")).ToBeHiddenAsync();
            await browser.ScreenshotAsync(Path.Combine(ArtifactsDirectory, "dashboard-loading.png"));
            release.SetResult();
            var total = (await DashboardAsync()).GetProperty("total").GetInt32();
            await Expect(page.Locator("#websites-count")).ToHaveTextAsync(Websites(total));
            await Expect(page.Locator("#sites-loading")).ToBeHiddenAsync();

            await page.UnrouteAllAsync();
            await page.RouteAsync(DashboardRequest(), route => route.FulfillAsync(new() { Status = 500 }));
            await page.ReloadAsync();
            await Expect(page.Locator("#sites-error")).ToHaveTextAsync("Could not load the websites: GET /api/dashboard?limit=100&offset=0&sort=status&order=asc answered 500. Trying again…");
            await Expect(page.Locator("#websites-count")).ToHaveTextAsync("Not loaded");
            await Expect(page.Locator("#count-Unknown")).ToHaveTextAsync("–");
            await Expect(page.Locator("#sites-empty")).ToBeHiddenAsync();
            await browser.ScreenshotAsync(Path.Combine(ArtifactsDirectory, "dashboard-load-failed.png"));

            await page.UnrouteAllAsync();
            await Expect(page.Locator("#websites-count")).ToHaveTextAsync(Websites(total));
            await Expect(page.Locator("#sites-error")).ToBeHiddenAsync();
            Assert.True(browser.PageErrors.Count == 0, "The page's scripts threw:" + browser.Describe());
        }
        catch (PlaywrightException e)
        {
            throw browser.Failure(e, Hub);
        }
    }

    [Fact]
    public async Task AddingCheckingPausingAndDeleting_HeaderRowsPanelAndApiAgree()
    {
        await using var agent = AgentProcess.Start(Hub, Location);
        await Hub.WaitForOnlineAsync(agent.PublicKey, _timeout, () => agent.Diagnostics);
        await using var browser = await DashboardBrowser.LaunchAsync();
        var page = browser.Page;
        try
        {
            await browser.OpenAsync(Hub);
            await Expect(page.Locator("#connection")).ToHaveAttributeAsync("data-state", "live");
            await page.EvaluateAsync(WatchForContradictions);
            await browser.LogInAsync(HubProcess.AdminKey);

            var okUrl = Fixture.Target.Url("/ok");
            var errorUrl = Fixture.Target.Url("/error");
            await AddWebsiteAsync(page, okUrl);
            await Expect(Row(page, okUrl).Locator(".badge")).ToHaveTextAsync("Up");
            await AddWebsiteAsync(page, errorUrl);
            await Expect(Row(page, errorUrl).Locator(".badge")).ToHaveTextAsync("Down");
            await ExpectHeaderAsApiAsync(page);
            await Expect(Row(page, errorUrl).Locator(".beat.bad")).ToHaveCountAsync(2);

            // The first load's heartbeats come without location and error (the grains keep only what the bar draws);
            // hovering one, or focusing its row from the keyboard, reads them, and the tooltips say what live ones say.
            var liveTitles = await BeatTitlesAsync(page, errorUrl);
            await page.ReloadAsync();
            await Expect(Row(page, errorUrl).Locator(".beat.bad").First).ToBeVisibleAsync();
            await Expect(Row(page, okUrl).Locator(".beat.good").First).ToBeVisibleAsync();
            await page.EvaluateAsync(WatchForContradictions);
            Assert.Contains(await BeatTitlesAsync(page, errorUrl), title => !title.Contains(Location, StringComparison.Ordinal));
            Assert.Contains(await BeatTitlesAsync(page, okUrl), title => !title.Contains(Location, StringComparison.Ordinal));
            await Row(page, errorUrl).Locator(".beat.bad").First.HoverAsync();
            var loadedTitles = await BeatTitlesEventuallyAsync(page, errorUrl, $" · {Location} · HTTP 500");
            Assert.True(liveTitles.Intersect(loadedTitles).Any(), $"live: {string.Join(" | ", liveTitles)}\nloaded: {string.Join(" | ", loadedTitles)}");
            await page.Locator(".site-row-head [data-sort='d30'] button").FocusAsync();
            await page.Keyboard.PressAsync("Tab"); // from the last column header to the first row, the error's (Down first)
            await Expect(Row(page, errorUrl)).ToBeFocusedAsync();
            await page.Keyboard.PressAsync("ArrowDown");
            await Expect(Row(page, okUrl)).ToBeFocusedAsync();
            await BeatTitlesEventuallyAsync(page, okUrl, $" · {Location}");

            // A website added within the hour opens on the 1 h window, whose chart it fills.
            await Row(page, okUrl).ClickAsync();
            await Expect(page.Locator("#window-picker [aria-checked=true]")).ToHaveTextAsync("1 h");
            await Expect(page.Locator("#detail-chart svg")).ToHaveAttributeAsync("aria-label", OverTheLastHour());
            await Expect(page.Locator("#detail-facts")).Not.ToContainTextAsync("Checks received");

            // Paused, its figures stop moving: the panel's checks are the statistics API's for the window shown.
            await page.Locator("#detail-toggle").ClickAsync();
            await Expect(Row(page, okUrl).Locator(".badge")).ToHaveTextAsync("Paused");
            await Expect(page.Locator("#count-Paused")).ToHaveTextAsync("1");
            await PanelChecksMatchApiAsync(page, okUrl, "1h");
            await browser.ScreenshotAsync(Path.Combine(ArtifactsDirectory, "dashboard-consistency-detail.png"));

            // A window the viewer picked stays picked.
            await page.Locator("#window-picker [data-window='24h']").ClickAsync();
            await page.Keyboard.PressAsync("Escape");
            await Row(page, errorUrl).ClickAsync();
            await Expect(page.Locator("#window-picker [aria-checked=true]")).ToHaveTextAsync("24 h");

            await page.Locator("#detail-delete").ClickAsync();
            await page.Locator("#confirm-yes").ClickAsync();
            await Expect(Row(page, errorUrl)).ToHaveCountAsync(0);
            await Expect(page.Locator("#count-Down")).ToHaveTextAsync("0");
            await ExpectHeaderAsApiAsync(page);

            var contradictions = await page.EvaluateAsync<string[]>("() => window.__contradictions");
            Assert.True(contradictions.Length == 0, "The header contradicted the rows: " + string.Join(" | ", contradictions));
            Assert.True(browser.PageErrors.Count == 0 && browser.ConsoleErrors.Count == 0, "The page's scripts failed:" + browser.Describe());
        }
        catch (PlaywrightException e)
        {
            await browser.ScreenshotAsync(Path.Combine(ArtifactsDirectory, "dashboard-consistency-failure.png"));
            throw new XunitException(e.Message + browser.Describe() + Hub.Diagnostics + agent.Diagnostics, e);
        }
    }

    [Fact]
    public async Task AnAgentGoneOffline_IsListedApartWithWhenItWasLastSeen_AndNotCountedOnline()
    {
        await using var staying = AgentProcess.Start(Hub, "US-East Virginia");
        await using var leaving = AgentProcess.Start(Hub, "AP-South Mumbai");
        await Hub.WaitForOnlineAsync(staying.PublicKey, _timeout, () => staying.Diagnostics);
        await Hub.WaitForOnlineAsync(leaving.PublicKey, _timeout, () => leaving.Diagnostics);
        await using var browser = await DashboardBrowser.LaunchAsync();
        var page = browser.Page;
        try
        {
            await browser.OpenAsync(Hub);
            await Expect(page.Locator("#validator-body tr").Filter(new() { HasText = "AP-South Mumbai" })).ToContainTextAsync("Online");

            await leaving.KillAsync();
            var offlineRow = page.Locator("#validator-offline-body tr").Filter(new() { HasText = "AP-South Mumbai" });
            await Expect(offlineRow).ToHaveCountAsync(1);
            await Expect(page.Locator("#validator-body tr").Filter(new() { HasText = "AP-South Mumbai" })).ToHaveCountAsync(0);
            await Expect(page.Locator("#validators-offline")).Not.ToHaveAttributeAsync("open", "");
            await page.Locator("#validators-offline-summary").ClickAsync();
            await Expect(offlineRow).ToContainTextAsync("Offline");
            await Expect(offlineRow.Locator("td").Nth(3)).ToHaveTextAsync(LastSeen());

            var validators = await Eventually.UntilAsync(
                async () => JsonDocument.Parse(await Hub.Http.GetStringAsync("api/validators")).RootElement.Clone(),
                list => list.EnumerateArray().Any(v => !v.GetProperty("online").GetBoolean()),
                _timeout,
                list => $"no offline validator in /api/validators: {list}");
            var online = validators.EnumerateArray().Count(v => v.GetProperty("online").GetBoolean());
            var offline = validators.GetArrayLength() - online;
            await Expect(page.Locator("#validators-count")).ToHaveTextAsync($"{online} online");
            await Expect(page.Locator("#validators-offline-summary")).ToHaveTextAsync($"{offline} offline");
            await Expect(page.Locator("#validator-body tr")).ToHaveCountAsync(online);
            await Expect(page.Locator("#validator-offline-body tr")).ToHaveCountAsync(offline);
            await browser.ScreenshotAsync(Path.Combine(ArtifactsDirectory, "dashboard-validators.png"));
        }
        catch (PlaywrightException e)
        {
            throw browser.Failure(e, Hub);
        }
    }

    [GeneratedRegex(@"/api/dashboard\?")]
    private static partial Regex DashboardRequest();

    [GeneratedRegex("over the last hour")]
    private static partial Regex OverTheLastHour();

    [GeneratedRegex(@"^(just now|\d+ s ago|\d+ min ago)$")]
    private static partial Regex LastSeen();

    private static ILocator Row(IPage page, string url) => page.Locator($"#site-body .site-row[data-url=\"{url}\"]");

    private static string Websites(int n) => n == 1 ? "1 website" : $"{n} websites";

    private static async Task AddWebsiteAsync(IPage page, string url)
    {
        var form = page.Locator("#add-form");
        await form.GetByLabel("URL", new() { Exact = true }).FillAsync(url);
        await form.GetByLabel("Interval (s)").FillAsync("10");
        await form.GetByRole(AriaRole.Button, new() { Name = "Add website" }).ClickAsync();
        await Expect(page.Locator("#add-message")).ToHaveTextAsync($"Added {url}.");
    }

    private static Task<string[]> BeatTitlesAsync(IPage page, string url) =>
        Row(page, url).Locator(".beat.good, .beat.bad").EvaluateAllAsync<string[]>("beats => beats.map((b) => b.title)");

    /// <summary>Waits until every heartbeat tooltip of the row ends with <paramref name="end"/> and returns them.</summary>
    private static Task<string[]> BeatTitlesEventuallyAsync(IPage page, string url, string end) =>
        Eventually.UntilAsync(
            () => BeatTitlesAsync(page, url),
            titles => titles.Length > 0 && titles.All(title => title.EndsWith(end, StringComparison.Ordinal)),
            _timeout,
            titles => $"the tooltips of {url} do not all end with \"{end}\": {string.Join(" | ", titles ?? [])}");

    private async Task<JsonElement> DashboardAsync() =>
        JsonDocument.Parse(await Hub.Http.GetStringAsync("api/dashboard")).RootElement.Clone();

    /// <summary>Waits until the header shows the counts of <c>/api/dashboard</c> (the page reloads them within seconds).</summary>
    private async Task ExpectHeaderAsApiAsync(IPage page)
    {
        await Eventually.UntilAsync(
            async () =>
            {
                var counts = (await DashboardAsync()).GetProperty("counts");
                var api = _statuses.Select(s => counts.GetProperty(s).GetInt32().ToString(CultureInfo.InvariantCulture));
                var shown = await Task.WhenAll(_statuses.Select(s => page.Locator($"#count-{s}").TextContentAsync()));
                return (Api: string.Join(",", api), Shown: string.Join(",", shown));
            },
            both => both.Api == both.Shown,
            _timeout,
            both => $"the header shows {both.Shown} ({string.Join(",", _statuses)}), /api/dashboard says {both.Api}");
    }

    /// <summary>
    /// Waits until the panel's Checks card and its per-location checks add up to what the statistics API answers for
    /// <paramref name="window"/>, choosing the window again each round so the panel reloads.
    /// </summary>
    private async Task PanelChecksMatchApiAsync(IPage page, string url, string window)
    {
        var id = (await DashboardAsync()).GetProperty("websites").EnumerateArray()
            .Single(w => w.GetProperty("url").GetString() == url).GetProperty("id").GetGuid();
        await Eventually.UntilAsync(
            async () =>
            {
                var stats = JsonDocument.Parse(await Hub.Http.GetStringAsync($"api/websites/{id}/stats?window={window}")).RootElement;
                var shown = await page.Locator("#detail-stats .stat").Filter(new() { HasText = "Checks" }).Locator(".stat-value").TextContentAsync();
                var byLocation = await page.Locator("#detail-locations tr td:nth-child(3)").AllTextContentsAsync();
                var sum = byLocation.Sum(text => int.Parse(text.Replace(",", ""), CultureInfo.InvariantCulture));
                var api = stats.GetProperty("checks").GetInt64();
                await page.RunAndWaitForResponseAsync(
                    () => page.Locator($"#window-picker [data-window='{window}']").ClickAsync(),
                    response => response.Url.Contains("/series?", StringComparison.Ordinal));
                return (Api: api, Shown: shown, Sum: sum);
            },
            both => both.Api > 0 && both.Shown == both.Api.ToString(CultureInfo.InvariantCulture) && both.Sum == both.Api,
            _timeout,
            both => $"the panel shows {both.Shown} checks ({both.Sum} by location), the statistics API {both.Api}");
    }
}
