using Microsoft.Playwright;
using Uptime.EndToEnd.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Uptime.EndToEnd.Tests.Dashboard;

/// <summary>
/// The dashboard's watch over its event stream, in a real browser with Playwright's fake clock and an
/// <c>EventSource</c> the test drives: the hub's 15 s <c>ping</c> events keep a quiet stream counted as alive, and a
/// stream silent for longer than the page's limit (90 s) is opened again.
/// </summary>
public sealed class DashboardStreamTests(DefaultHubFixture fixture) : DashboardTest<DefaultHubFixture>(fixture)
{
    /// <summary>
    /// Stands in for the browser's <c>EventSource</c>: open at once, never fed by the network; every instance is kept in
    /// <c>window.__eventSources</c> so the test can send it events and count reconnections.
    /// </summary>
    private const string ScriptedEventSource = """
        (() => {
          const sources = [];
          class ScriptedEventSource extends EventTarget {
            static CONNECTING = 0;
            static OPEN = 1;
            static CLOSED = 2;
            constructor(url) {
              super();
              this.url = url;
              this.readyState = ScriptedEventSource.OPEN;
              sources.push(this);
              queueMicrotask(() => this.dispatchEvent(new Event("open")));
            }
            close() { this.readyState = ScriptedEventSource.CLOSED; }
          }
          window.EventSource = ScriptedEventSource;
          window.__eventSources = sources;
        })();
        """;

    [Fact]
    public async Task QuietStream_PingsKeepItOpen_SilenceReopensIt()
    {
        await using var browser = await DashboardBrowser.LaunchAsync();
        var page = browser.Page;
        try
        {
            await page.Clock.InstallAsync();
            await page.AddInitScriptAsync(ScriptedEventSource);
            await browser.OpenAsync(Hub);
            await Expect(page.Locator("#connection")).ToHaveAttributeAsync("data-state", "live");
            await page.Clock.PauseAtAsync(DateTime.UtcNow.AddSeconds(1));

            // Three minutes with nothing but the hub's keep-alive pings (here one a minute; the hub sends one every 15 s).
            for (var minute = 1; minute <= 3; minute++)
            {
                await page.Clock.RunForAsync(60_000);
                await page.EvaluateAsync("() => window.__eventSources.at(-1).dispatchEvent(new MessageEvent('ping', { data: '{}' }))");
                Assert.True(await StreamsOpenedAsync(page) == 1, $"after {minute} min with pings the page had reopened its event stream");
            }

            // Then silence: past the limit the page gives up on this stream and opens a new one.
            await page.Clock.RunForAsync(100_000);
            Assert.Equal(2, await StreamsOpenedAsync(page));
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            throw browser.Failure(e, Hub);
        }

        Assert.True(browser.PageErrors.Count == 0, "The page's scripts threw:" + browser.Describe());
    }

    private static Task<int> StreamsOpenedAsync(IPage page) => page.EvaluateAsync<int>("() => window.__eventSources.length");
}
