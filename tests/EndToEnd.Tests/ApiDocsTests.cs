using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using Uptime.EndToEnd.Tests.Dashboard;
using Uptime.EndToEnd.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Uptime.EndToEnd.Tests;

/// <summary>
/// The API reference at <c>/api/docs</c> (Swagger UI) of a real hub process: a user who pastes the admin key in its
/// Authorize dialog can write from it.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class ApiDocsTests : IClassFixture<DefaultHubFixture>
{
    private readonly DefaultHubFixture _fixture;

    public ApiDocsTests(DefaultHubFixture fixture)
    {
        _fixture = fixture;
        SetDefaultExpectTimeout((float)DashboardBrowser.DefaultTimeout.TotalMilliseconds);
    }

    private HubProcess Hub => _fixture.Hub;

    [Fact]
    public async Task SwaggerUi_AuthorizedWithAdminKey_CreatesWebsite()
    {
        var url = $"https://example.com/api-docs-{Guid.NewGuid():N}";
        await using var browser = await DashboardBrowser.LaunchAsync();
        var page = browser.Page;
        try
        {
            await page.GotoAsync($"http://127.0.0.1:{Hub.Port}/api/docs/");
            await page.Locator("button.authorize").First.ClickAsync();
            var adminKey = page.Locator(".modal-ux form").Filter(new() { HasText = "adminKey" });
            await adminKey.Locator("input").FillAsync(HubProcess.AdminKey);
            await adminKey.Locator("button.modal-btn.authorize").ClickAsync();
            await Expect(adminKey.GetByText("Authorized", new() { Exact = true })).ToBeVisibleAsync();
            await adminKey.Locator("button.btn-done").ClickAsync();

            var create = page.Locator("#operations-Websites-CreateWebsite");
            await create.Locator(".opblock-summary").ClickAsync();
            await create.GetByRole(AriaRole.Button, new() { Name = "Try it out" }).ClickAsync();
            await create.Locator("textarea.body-param__text").FillAsync($$"""{"url":"{{url}}","interval":60}""");
            await create.GetByRole(AriaRole.Button, new() { Name = "Execute" }).ClickAsync();

            await Expect(create.Locator(".live-responses-table tr.response .response-col_status")).ToHaveTextAsync("201");
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException or Xunit.Sdk.XunitException)
        {
            await browser.ScreenshotAsync(Path.Combine(Path.GetTempPath(), "uptime-api-docs-failure.png"));
            throw new Xunit.Sdk.XunitException($"{e.Message}{browser.Describe()}{Hub.Diagnostics}");
        }

        Assert.Contains(url, await ListedUrlsAsync());
    }

    /// <summary>
    /// The request Swagger UI sends for <c>POST /api/websites</c> once authorized with the admin key, header for header: it
    /// is accepted, so the browser test above fails only on the page, never on the hub's rules.
    /// </summary>
    [Fact]
    public async Task SwaggerUiRequest_WithAdminKey_Created()
    {
        var url = $"https://example.com/api-docs-replay-{Guid.NewGuid():N}";
        var origin = $"http://127.0.0.1:{Hub.Port}";
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = new Uri(origin) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/websites")
        {
            Content = new StringContent($$"""{"url":"{{url}}","interval":60}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", HubProcess.AdminKey);
        request.Headers.Accept.ParseAdd("*/*");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Referer", $"{origin}/api/docs/index.html");
        request.Headers.Add("Sec-Fetch-Site", "same-origin");
        request.Headers.Add("Sec-Fetch-Mode", "cors");

        using var response = await http.SendAsync(request);

        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.Contains(url, await ListedUrlsAsync());
    }

    private async Task<List<string>> ListedUrlsAsync()
    {
        using var document = JsonDocument.Parse(await Hub.Http.GetStringAsync("api/websites?limit=1000"));
        return [.. document.RootElement.EnumerateArray().Select(w => w.GetProperty("url").GetString()!)];
    }
}
