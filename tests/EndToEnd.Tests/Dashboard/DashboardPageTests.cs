using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Uptime.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;
using Xunit.Sdk;
using static Microsoft.Playwright.Assertions;

namespace Uptime.EndToEnd.Tests.Dashboard;

/// <summary>
/// The web dashboard in a real browser against the whole system: a hub process, a validator agent and a local
/// target. Websites added through the page's form must show their checks and status live, without a reload,
/// through the page's server-sent events.
/// </summary>
public sealed partial class DashboardPageTests(HubWithTargetFixture fixture, ITestOutputHelper output)
    : DashboardTest<HubWithTargetFixture>(fixture)
{
    private const string FailureScreenshot = "dashboard-failure.png";

    private static readonly TimeSpan _registrationTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Top-level names of the dashboard's former single script: none may become a global again (an element with that id,
    /// such as <c>#toast</c>, is the browser's named access, not a script global).
    /// </summary>
    private static readonly string[] _scriptNames =
    [
        "$", "h", "api", "getJson", "toast", "state", "rows", "session", "detail", "deleted", "fetching", "dirty",
        "source", "resyncing", "pageWanted", "replaying", "everOpened", "lastEventAt", "reconnectTimer", "resyncTimer",
        "toastTimer", "orderDirty", "windowDirty", "detailDirty", "resync", "connect", "applyTicks", "upsertSite",
        "openDetail", "renderLatencyChart", "formatLatency",
    ];

    private TargetSite Target => Fixture.Target;

    /// <summary>Where the screenshots go: TestResults/ under the test assembly's output folder.</summary>
    private static string ArtifactsDirectory => Path.Combine(AppContext.BaseDirectory, "TestResults");

    [Fact]
    public async Task Dashboard_WebsitesAddedThroughTheForm_ShowTheirChecksAndStatusLiveWithoutReload()
    {
        var staleFailure = Path.Combine(ArtifactsDirectory, FailureScreenshot);
        if (File.Exists(staleFailure))
        {
            File.Delete(staleFailure);
        }

        await using var browser = await DashboardBrowser.LaunchAsync();
        var page = browser.Page;

        await using var agent = AgentProcess.Start(Hub, "US-East Virginia");
        await Hub.WaitForOnlineAsync(agent.PublicKey, _registrationTimeout, () => agent.Diagnostics);

        var documents = 0;
        page.Load += (_, _) => Interlocked.Increment(ref documents); // a new document, not a same-document navigation
        var steps = new Steps(this, browser, agent);

        var address = $"http://127.0.0.1:{Hub.Port}/";
        await steps.RunAsync($"open the dashboard at {address} and see its event stream live", async () =>
        {
            var response = await page.GotoAsync(address);
            Assert.True(response is { Ok: true }, $"GET {address} answered {response?.Status}");
            await Expect(page).ToHaveTitleAsync(TitleRegex());
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Websites" })).ToBeVisibleAsync();
            await Expect(page.Locator("#connection")).ToHaveAttributeAsync("data-state", "live");
        });
        await page.EvaluateAsync("() => { window.__sameDocument = true; }");

        await steps.RunAsync("log in with the admin key through the top bar's Log in link", async () =>
        {
            await Expect(page.Locator("#login")).ToBeHiddenAsync();
            await browser.LogInAsync(HubProcess.AdminKey);
        });

        await steps.RunAsync("see the agent's validator listed online", () =>
            Expect(page.Locator("#validator-body tr").Filter(new() { HasText = "US-East Virginia" })).ToContainTextAsync("Online"));

        var okUrl = Target.Url("/ok");
        await steps.RunAsync($"add {okUrl} (interval 10) through the form", () => AddWebsiteAsync(page, okUrl, 10));
        var okRow = Row(page, okUrl);
        await steps.RunAsync("see the new website's row", () => Expect(okRow).ToBeVisibleAsync());
        await steps.RunAsync("see its first check, good, in the heartbeat bar", () => Expect(okRow.Locator(".beat.good").First).ToBeVisibleAsync());
        await steps.RunAsync("see its status turn Up", () => Expect(okRow.Locator(".badge")).ToHaveTextAsync("Up"));
        await steps.RunAsync("see its last latency", () => Expect(okRow.Locator(".c-latency")).ToHaveTextAsync(LatencyRegex()));

        var errorUrl = Target.Url("/error");
        await steps.RunAsync($"add {errorUrl} (interval 10) through the form", () => AddWebsiteAsync(page, errorUrl, 10));
        var errorRow = Row(page, errorUrl);
        await steps.RunAsync("see the failing website's row", () => Expect(errorRow).ToBeVisibleAsync());
        await steps.RunAsync("see its failed check in the heartbeat bar", () => Expect(errorRow.Locator(".beat.bad").First).ToBeVisibleAsync());
        await steps.RunAsync("see its status turn Down", () => Expect(errorRow.Locator(".badge")).ToHaveTextAsync("Down"));
        await steps.RunAsync("see the Down website sorted first", () => Expect(errorRow).ToHaveAttributeAsync("aria-rowindex", "2"));
        await steps.RunAsync("see the summary count one website Down and one Up", async () =>
        {
            await Expect(page.Locator("#count-Down")).ToHaveTextAsync("1");
            await Expect(page.Locator("#count-Up")).ToHaveTextAsync("1");
        });
        await steps.RunAsync("see the Down website's 24 h uptime by time, 0.00%, excluding its unknown time before the first check", async () =>
        {
            var day = errorRow.Locator("[data-window=h24]");
            await Expect(day).ToHaveTextAsync("0.00%");
            await Expect(day).ToHaveAttributeAsync("title", ExcludingUnknownRegex());
        });

        var screenshot = await browser.ScreenshotAsync(Path.Combine(ArtifactsDirectory, "dashboard.png"));
        output.WriteLine($"Dashboard screenshot: {screenshot}");

        await steps.RunAsync("open the /ok website's detail panel and see its checks, statistics and latency chart", async () =>
        {
            await okRow.ClickAsync();
            var panel = page.Locator("#detail");
            await Expect(panel).ToBeVisibleAsync();
            await Expect(panel.Locator("#detail-url")).ToHaveTextAsync(okUrl);
            await Expect(panel.Locator("#detail-ticks")).ToContainTextAsync("Up");
            await Expect(panel.Locator("#detail-stats")).ToContainTextAsync("Checks");
            var uptime = panel.Locator("#detail-stats .stat").Filter(new() { HasText = "Uptime" });
            await Expect(uptime.Locator(".stat-value")).ToHaveTextAsync("100.00%");
            await Expect(uptime).ToHaveAttributeAsync("title", ExcludingUnknownRegex());
            await Expect(panel.Locator("#detail-chart svg")).ToBeVisibleAsync();
        });
        var detailScreenshot = await browser.ScreenshotAsync(Path.Combine(ArtifactsDirectory, "dashboard-detail.png"));
        output.WriteLine($"Detail panel screenshot: {detailScreenshot}");
        await steps.RunAsync("close the detail panel with Escape", async () =>
        {
            await page.Keyboard.PressAsync("Escape");
            await Expect(page.Locator("#detail")).ToBeHiddenAsync();
        });
        await steps.RunAsync("find none of the dashboard script's names on window", async () =>
        {
            var leaked = await page.EvaluateAsync<string[]>("names => names.filter(name => name in window && !(window[name] instanceof Element))", _scriptNames);
            Assert.True(leaked.Length == 0, $"The dashboard's script put {string.Join(", ", leaked)} on window: its state belongs to its modules.");
        });

        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "The page was reloaded: every update must arrive live.");
        Assert.True(Volatile.Read(ref documents) == 1, $"The page loaded {documents} documents: every update must arrive live, without a reload.");
        Assert.True(browser.PageErrors.Count == 0, "The page's scripts threw:" + browser.Describe());
        Assert.True(browser.ConsoleErrors.Count == 0, "The page logged errors (Content-Security-Policy violations among them):" + browser.Describe());
    }

    [Theory]
    [InlineData("api/docs/", "#swagger-ui .information-container")]
    [InlineData("dashboard/", "h1")]
    public async Task ToolPages_UnderTheirContentSecurityPolicy_RenderWithoutViolations(string path, string selector)
    {
        await using var browser = await DashboardBrowser.LaunchAsync();
        var address = $"http://127.0.0.1:{Hub.Port}/{path}";

        var response = await browser.Page.GotoAsync(address);
        await Expect(browser.Page.Locator(selector).First).ToBeVisibleAsync();
        await browser.Page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        Assert.NotNull(response);
        Assert.True(response.Ok, $"GET {address} answered {response.Status}");
        Assert.NotNull(await response.HeaderValueAsync("content-security-policy"));
        Assert.True(browser.ConsoleErrors.Count == 0 && browser.PageErrors.Count == 0, $"{address}:" + browser.Describe());
    }

    private static ILocator Row(IPage page, string url) =>
        page.Locator("#site-table").GetByRole(AriaRole.Row).Filter(new() { HasText = url });

    private static async Task AddWebsiteAsync(IPage page, string url, int interval)
    {
        var form = page.Locator("#add-form");
        await form.GetByLabel("URL", new() { Exact = true }).FillAsync(url);
        await form.GetByLabel("Interval (s)").FillAsync(interval.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await form.GetByRole(AriaRole.Button, new() { Name = "Add website" }).ClickAsync();
        await Expect(page.Locator("#add-message")).ToHaveTextAsync($"Added {url}.");
    }

    [GeneratedRegex("Uptime")]
    private static partial Regex TitleRegex();

    [GeneratedRegex(@"^Share of time up, excluding (< 1|\d+) s unknown")]
    private static partial Regex ExcludingUnknownRegex();

    [GeneratedRegex(@"^\d+(\.\d+)? (ms|s)$")]
    private static partial Regex LatencyRegex();

    /// <summary>Runs named steps; a failing step fails the test with what the page, browser, hub and agent show.</summary>
    private sealed class Steps(DashboardPageTests test, DashboardBrowser browser, AgentProcess agent)
    {
        public async Task RunAsync(string step, Func<Task> action)
        {
            try
            {
                await action();
            }
            catch (Exception e) when (e is PlaywrightException or TimeoutException or XunitException)
            {
                string shot;
                try
                {
                    shot = await browser.ScreenshotAsync(Path.Combine(ArtifactsDirectory, FailureScreenshot));
                }
                catch (PlaywrightException shotError)
                {
                    shot = "(no screenshot: " + shotError.Message + ")";
                }

                throw new XunitException(
                    $"Dashboard step failed: {step}\n{e.Message}\nScreenshot: {shot}\nPage: {await DescribePageAsync()}"
                    + browser.Describe() + test.Hub.Diagnostics + agent.Diagnostics,
                    e);
            }
        }

        private async Task<string> DescribePageAsync()
        {
            try
            {
                var state = await browser.Page.EvaluateAsync<JsonElement>("""
                    () => ({
                      connection: document.getElementById('connection')?.dataset.state,
                      count: document.getElementById('websites-count')?.textContent,
                      messages: [...document.querySelectorAll('.field-error, .form-message')].map(e => e.textContent).filter(Boolean),
                      rows: [...document.querySelectorAll('#site-body .site-row')].map(r => ({
                        url: r.dataset.url, status: r.dataset.status, index: r.getAttribute('aria-rowindex'),
                        good: r.querySelector('.beats')?.dataset.good, bad: r.querySelector('.beats')?.dataset.bad,
                        latency: r.querySelector('.c-latency')?.textContent })),
                    })
                    """);
                return state.ToString();
            }
            catch (PlaywrightException e)
            {
                return "(page state unavailable: " + e.Message + ")";
            }
        }
    }
}
