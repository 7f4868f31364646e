using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Uptime.EndToEnd.Tests.Infrastructure;
using Uptime.Testing;
using static Microsoft.Playwright.Assertions;

namespace Uptime.EndToEnd.Tests.Dashboard;

/// <summary>
/// A website's monitor type and check edited through the dashboard in a real browser, logged in: the add form and the
/// detail panel's Monitor form save what the REST API takes, a real agent checks it against the local target (and a TCP
/// listener in this process), the hub's 400s are shown by the field they name, and a push monitor's URL is shown and
/// replaced.
/// </summary>
public sealed class DashboardCheckEditorTests(HubWithTargetFixture fixture) : DashboardTest<HubWithTargetFixture>(fixture)
{
    private static readonly TimeSpan _verdictTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task KeywordMonitor_AddedThenKeywordChanged_UpThenDownWithTheAssertionError()
    {
        var url = Fixture.Target.Url("/ok");
        await using var agent = AgentProcess.Start(Hub, "EU-West Ireland");
        await Hub.WaitForOnlineAsync(agent.PublicKey, TimeSpan.FromSeconds(30), () => agent.Diagnostics);
        await using var browser = await DashboardBrowser.LaunchLoggedInAsync(Hub);
        var page = browser.Page;
        try
        {
            var form = page.Locator("#add-form");
            await form.GetByLabel("URL", new() { Exact = true }).FillAsync(url);
            await form.GetByLabel("Interval (s)").FillAsync("10");
            await form.GetByLabel("Body must contain").FillAsync("ok");
            await form.GetByText("Advanced (JSON)").ClickAsync();
            await Expect(form.GetByLabel("Check (JSON)")).ToHaveValueAsync(
                "{\n  \"assertions\": [\n    {\n      \"source\": \"body\",\n      \"operator\": \"contains\",\n      \"value\": \"ok\"\n    }\n  ]\n}");
            await form.GetByRole(AriaRole.Button, new() { Name = "Add website" }).ClickAsync();
            await Expect(page.Locator("#add-message")).ToHaveTextAsync($"Added {url}.");
            var id = await WebsiteIdAsync(website => website.GetProperty("url").GetString() == url);
            Assert.Equal("ok", (await KeywordOfAsync(id)).GetProperty("value").GetString());

            await page.Locator("#site-table").GetByRole(AriaRole.Row).Filter(new() { HasText = url }).ClickAsync();
            await Expect(page.Locator("#detail-badge")).ToHaveTextAsync("Up", new() { Timeout = Ms(_verdictTimeout) });
            var monitor = page.Locator("#monitor-form");
            await Expect(monitor.GetByLabel("Type")).ToHaveValueAsync("http");
            await Expect(monitor.GetByLabel("Body must contain")).ToHaveValueAsync("ok");
            await monitor.GetByLabel("Body must contain").FillAsync("absent-keyword");
            await monitor.GetByRole(AriaRole.Button, new() { Name = "Save monitor" }).ClickAsync();
            await Expect(page.Locator("#monitor-message")).ToHaveTextAsync("Monitor saved.");
            Assert.Equal("absent-keyword", (await KeywordOfAsync(id)).GetProperty("value").GetString());

            await Expect(page.Locator("#detail-badge")).ToHaveTextAsync("Down", new() { Timeout = Ms(_verdictTimeout) });
            await Expect(page.Locator("#detail-ticks")).ToContainTextAsync(
                "Body does not contain \"absent-keyword\"", new() { Timeout = Ms(_verdictTimeout) });
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            throw new Xunit.Sdk.XunitException($"{e.Message}{browser.Describe()}{agent.Diagnostics}{Hub.Diagnostics}", e);
        }

        Assert.True(browser.PageErrors.Count == 0 && browser.ConsoleErrors.Count == 0, "The page logged errors:" + browser.Describe());
    }

    [Fact]
    public async Task BadChecks_HubMessagesShownByTheirFields_NothingTypedLost()
    {
        var url = Fixture.Target.Url("/ok");
        var longKeyword = new string('k', 1025);
        await using var browser = await DashboardBrowser.LaunchLoggedInAsync(Hub);
        var page = browser.Page;
        try
        {
            var form = page.Locator("#add-form");
            var json = form.GetByLabel("Check (JSON)");
            await form.GetByLabel("URL", new() { Exact = true }).FillAsync(url);
            await form.GetByText("Advanced (JSON)").ClickAsync();
            await json.FillAsync("{\"method\": ");
            await Expect(form.Locator("[data-error-for='check']")).ToContainTextAsync("Not valid JSON");
            await Expect(form.GetByLabel("Method")).ToBeDisabledAsync();
            await form.GetByRole(AriaRole.Button, new() { Name = "Add website" }).ClickAsync();
            await Expect(json).ToBeFocusedAsync();

            const string BadRegex = """{"assertions": [{"source": "body", "operator": "matches", "value": "[unclosed"}]}""";
            await json.FillAsync(BadRegex);
            await form.GetByRole(AriaRole.Button, new() { Name = "Add website" }).ClickAsync();
            await Expect(form.Locator("[data-error-for='check']")).ToContainTextAsync(
                "check.assertions[0].value is not a valid regular expression");
            await Expect(json).ToHaveValueAsync(BadRegex);
            await Expect(form.GetByLabel("URL", new() { Exact = true })).ToHaveValueAsync(url);

            await json.FillAsync("{}");
            await form.GetByLabel("Accepted status codes").FillAsync("200, abc");
            await form.GetByRole(AriaRole.Button, new() { Name = "Add website" }).ClickAsync();
            await Expect(form.Locator("[data-error-for='check.statusCodes']")).ToContainTextAsync("check.statusCodes");
            await Expect(form.GetByLabel("Accepted status codes")).ToBeFocusedAsync();

            await form.GetByLabel("Accepted status codes").FillAsync("");
            await form.GetByLabel("Body must contain").FillAsync(longKeyword);
            await form.GetByRole(AriaRole.Button, new() { Name = "Add website" }).ClickAsync();
            await Expect(form.Locator("[data-error-for='check.keyword']")).ToContainTextAsync("check.assertions[0].value");
            await Expect(form.GetByLabel("Body must contain")).ToHaveAttributeAsync("aria-invalid", "true");
            await Expect(form.GetByLabel("Body must contain")).ToHaveValueAsync(longKeyword);
            await Expect(json).Not.ToHaveValueAsync(new Regex("statusCodes"));
            Assert.DoesNotContain(await WebsitesAsync(), website => website.GetProperty("url").GetString() == url);

            var id = (await Hub.CreateWebsiteAsync(url, interval: 30)).GetProperty("id").GetGuid();
            await page.Locator("#site-table").GetByRole(AriaRole.Row).Filter(new() { HasText = url }).ClickAsync();
            var monitor = page.Locator("#monitor-form");
            await Expect(monitor.GetByLabel("Type")).ToHaveValueAsync("http");
            const string BadPath = """{"assertions": [{"source": "json", "path": "status ==", "operator": "exists"}]}""";
            await monitor.GetByText("Advanced (JSON)").ClickAsync();
            await monitor.GetByLabel("Check (JSON)").FillAsync(BadPath);
            await monitor.GetByRole(AriaRole.Button, new() { Name = "Save monitor" }).ClickAsync();
            await Expect(monitor.Locator("[data-error-for='check']")).ToContainTextAsync(
                "check.assertions[0].path is not a valid JMESPath expression");
            await Expect(monitor.GetByLabel("Check (JSON)")).ToHaveValueAsync(BadPath);
            using var stored = JsonDocument.Parse(await Hub.Http.GetStringAsync($"api/websites/{id}"));
            Assert.Equal(JsonValueKind.Null, stored.RootElement.GetProperty("check").ValueKind);
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            throw browser.Failure(e, Hub);
        }
    }

    [Fact]
    public async Task TcpMonitor_AddedThroughForm_UpAndStored()
    {
        await using var listener = TcpTestServer.Start(async (stream, token) =>
        {
            await TcpTestServer.ReadUntilAsync(stream, "HELLO", token);
            await stream.WriteAsync("+WELCOME\r\n"u8.ToArray(), token);
        });
        await using var agent = AgentProcess.Start(Hub, "US-East Virginia");
        await Hub.WaitForOnlineAsync(agent.PublicKey, TimeSpan.FromSeconds(30), () => agent.Diagnostics);
        await using var browser = await DashboardBrowser.LaunchLoggedInAsync(Hub);
        var page = browser.Page;
        try
        {
            var form = page.Locator("#add-form");
            await form.GetByLabel("Type").SelectOptionAsync("tcp");
            var address = form.GetByLabel("TCP address");
            await Expect(address).ToHaveAttributeAsync("placeholder", "tcp://db.example.com:5432");
            await address.FillAsync(listener.Url);
            await form.GetByLabel("Interval (s)").FillAsync("10");
            await form.GetByLabel("Send").FillAsync("HELLO");
            await form.GetByLabel("Expect in the answer").FillAsync("+WELCOME");
            await form.GetByRole(AriaRole.Button, new() { Name = "Add website" }).ClickAsync();
            await Expect(page.Locator("#add-message")).ToHaveTextAsync($"Added {listener.Url}.");
            var id = await WebsiteIdAsync(website => website.GetProperty("url").GetString() == listener.Url);
            using (var stored = JsonDocument.Parse(await Hub.Http.GetStringAsync($"api/websites/{id}")))
            {
                Assert.Equal("tcp", stored.RootElement.GetProperty("type").GetString());
                var check = stored.RootElement.GetProperty("check");
                Assert.Equal(("HELLO", "+WELCOME"), (check.GetProperty("send").GetString(), check.GetProperty("expect").GetString()));
            }

            await page.Locator("#site-table").GetByRole(AriaRole.Row).Filter(new() { HasText = listener.Url }).ClickAsync();
            await Expect(page.Locator("#detail-badge")).ToHaveTextAsync("Up", new() { Timeout = Ms(_verdictTimeout) });
            await Expect(page.Locator("#monitor-form").GetByLabel("Type")).ToHaveValueAsync("tcp");
            await Expect(page.Locator("#monitor-form").GetByLabel("Expect in the answer")).ToHaveValueAsync("+WELCOME");
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            throw new Xunit.Sdk.XunitException($"{e.Message}{browser.Describe()}{agent.Diagnostics}{Hub.Diagnostics}", e);
        }

        Assert.True(browser.PageErrors.Count == 0 && browser.ConsoleErrors.Count == 0, "The page logged errors:" + browser.Describe());
    }

    [Fact]
    public async Task WarmConnection_ChosenInTheForm_ChecksGoOverIt_FreshAgainWhenChosen()
    {
        var url = Fixture.Target.Url("/ok");
        await using var agent = AgentProcess.Start(Hub, "EU-West Ireland");
        await Hub.WaitForOnlineAsync(agent.PublicKey, TimeSpan.FromSeconds(30), () => agent.Diagnostics);
        await using var browser = await DashboardBrowser.LaunchLoggedInAsync(Hub);
        var page = browser.Page;
        try
        {
            var form = page.Locator("#add-form");
            await form.GetByLabel("URL", new() { Exact = true }).FillAsync(url);
            await form.GetByLabel("Interval (s)").FillAsync("10");
            await Expect(form.GetByLabel("Connection")).ToHaveValueAsync("fresh");
            await form.GetByLabel("Connection").SelectOptionAsync("warm");
            await form.GetByRole(AriaRole.Button, new() { Name = "Add website" }).ClickAsync();
            await Expect(page.Locator("#add-message")).ToHaveTextAsync($"Added {url}.");
            var id = await WebsiteIdAsync(website => website.GetProperty("url").GetString() == url);
            Assert.Contains("\"connection\":\"warm\"", await StoredCheckAsync(id), StringComparison.Ordinal);

            await page.Locator("#site-table").GetByRole(AriaRole.Row).Filter(new() { HasText = url }).ClickAsync();
            await Expect(page.Locator("#detail-ticks")).ToContainTextAsync("200 · warm connection", new() { Timeout = Ms(_verdictTimeout) });
            await Expect(page.Locator("#detail-phases tr").First.Locator("td").Last).ToHaveTextAsync(new Regex(@"^[1-9]\d*(\.\d+)?\s?%$"), new() { Timeout = Ms(_verdictTimeout) });

            var monitor = page.Locator("#monitor-form");
            await Expect(monitor.GetByLabel("Connection")).ToHaveValueAsync("warm");
            await monitor.GetByLabel("Connection").SelectOptionAsync("fresh");
            await monitor.GetByRole(AriaRole.Button, new() { Name = "Save monitor" }).ClickAsync();
            await Expect(page.Locator("#monitor-message")).ToHaveTextAsync("Monitor saved.");
            Assert.Equal("null", await StoredCheckAsync(id));
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            throw new Xunit.Sdk.XunitException($"{e.Message}{browser.Describe()}{agent.Diagnostics}{Hub.Diagnostics}", e);
        }

        Assert.True(browser.PageErrors.Count == 0 && browser.ConsoleErrors.Count == 0, "The page logged errors:" + browser.Describe());
    }

    [Fact]
    public async Task PushMonitor_UrlShownAndCopied_NewTokenReplacesIt()
    {
        var name = $"Nightly job {Guid.NewGuid():N}"[..24];
        using var plain = new HttpClient();
        await using var browser = await DashboardBrowser.LaunchLoggedInAsync(Hub);
        var page = browser.Page;
        try
        {
            var form = page.Locator("#add-form");
            await form.GetByLabel("Type").SelectOptionAsync("push");
            await Expect(page.Locator("#add-url-field")).ToBeHiddenAsync();
            await form.GetByLabel("Name").FillAsync(name);
            await form.GetByLabel("Grace (s)").FillAsync("30");
            await form.GetByRole(AriaRole.Button, new() { Name = "Add website" }).ClickAsync();
            var added = page.Locator("#add-push").GetByLabel("Push URL");
            await Expect(added).ToHaveValueAsync(new Regex("/api/push/"));
            var firstUrl = await added.InputValueAsync();
            var id = await WebsiteIdAsync(website => website.GetProperty("name").GetString() == name);
            using (var stored = JsonDocument.Parse(await Hub.Http.GetStringAsync($"api/websites/{id}")))
            {
                Assert.Equal(30, stored.RootElement.GetProperty("check").GetProperty("graceSeconds").GetInt32());
            }

            Assert.Equal(HttpStatusCode.OK, (await plain.GetAsync(firstUrl)).StatusCode);

            await page.Locator("#site-table").GetByRole(AriaRole.Row).Filter(new() { HasText = name }).ClickAsync();
            var shown = page.Locator("#monitor-push").GetByLabel("Push URL");
            await Expect(shown).ToHaveValueAsync(firstUrl);
            await Expect(page.Locator("#monitor-form").GetByLabel("Type")).ToHaveValueAsync("push");
            await page.Locator("#monitor-push").GetByRole(AriaRole.Button, new() { Name = "Copy" }).ClickAsync();
            await Expect(page.Locator("#monitor-push .form-message")).Not.ToBeEmptyAsync();
            await page.Locator("#monitor-push").GetByRole(AriaRole.Button, new() { Name = "New token…" }).ClickAsync();
            await page.Locator("#rotate-yes").ClickAsync();
            await Expect(shown).Not.ToHaveValueAsync(firstUrl);
            await Expect(page.Locator("#monitor-push .form-message")).ToHaveTextAsync("New URL: the old one no longer works.");
            var secondUrl = await shown.InputValueAsync();

            Assert.Equal(HttpStatusCode.NotFound, (await plain.GetAsync(firstUrl)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await plain.GetAsync(secondUrl)).StatusCode);
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            throw browser.Failure(e, Hub);
        }

        Assert.True(browser.PageErrors.Count == 0 && browser.ConsoleErrors.Count == 0, "The page logged errors:" + browser.Describe());
    }

    [Fact]
    public async Task Reader_SeesTypeAndCheckReadOnly_NoFormNoPushUrl()
    {
        var url = Fixture.Target.Url("/ok");
        using var created = await Hub.Http.PostAsync("api/websites", JsonContent(new
        {
            url,
            check = new { method = "HEAD", assertions = new[] { new { source = "header", name = "Content-Type", @operator = "exists" } } },
        }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await using var browser = await DashboardBrowser.LaunchAsync();
        var page = browser.Page;
        try
        {
            await browser.OpenAsync(Hub);
            await page.Locator("#site-table").GetByRole(AriaRole.Row).Filter(new() { HasText = url }).ClickAsync();
            await Expect(page.Locator("#monitor-view")).ToContainTextAsync("\"method\": \"HEAD\"");
            await Expect(page.Locator("#monitor-view")).ToContainTextAsync("\"type\": \"http\"");
            await Expect(page.Locator("#monitor-form")).ToBeHiddenAsync();
            await Expect(page.Locator("#detail-facts")).ToContainTextAsync("Checkhttp · HEAD · 1 assertion");
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            throw browser.Failure(e, Hub);
        }

        Assert.True(browser.PageErrors.Count == 0 && browser.ConsoleErrors.Count == 0, "The page logged errors:" + browser.Describe());
    }

    private static float Ms(TimeSpan timeout) => (float)timeout.TotalMilliseconds;

    private static StringContent JsonContent(object body) =>
        new(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");

    private async Task<List<JsonElement>> WebsitesAsync()
    {
        using var listed = JsonDocument.Parse(await Hub.Http.GetStringAsync("api/websites?limit=1000"));
        return [.. listed.RootElement.EnumerateArray().Select(website => website.Clone())];
    }

    private async Task<Guid> WebsiteIdAsync(Func<JsonElement, bool> match) =>
        (await Eventually.UntilAsync(
            WebsitesAsync,
            websites => websites.Any(match),
            DashboardBrowser.DefaultTimeout,
            _ => $"the website added through the dashboard is not listed{Hub.Diagnostics}"))
        .First(match).GetProperty("id").GetGuid();

    /// <summary>The stored check as compact JSON ("null" for the type's plain check).</summary>
    private async Task<string> StoredCheckAsync(Guid id)
    {
        using var stored = JsonDocument.Parse(await Hub.Http.GetStringAsync($"api/websites/{id}"));
        return JsonSerializer.Serialize(stored.RootElement.GetProperty("check"));
    }

    /// <summary>The stored check's first "body contains" assertion.</summary>
    private async Task<JsonElement> KeywordOfAsync(Guid id)
    {
        using var stored = JsonDocument.Parse(await Hub.Http.GetStringAsync($"api/websites/{id}"));
        return stored.RootElement.GetProperty("check").GetProperty("assertions").EnumerateArray()
            .First(a => a.GetProperty("source").GetString() == "body" && a.GetProperty("operator").GetString() == "contains")
            .Clone();
    }
}
