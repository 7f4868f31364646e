using System.Net;
using System.Text;
using System.Text.Json;
using Uptime.EndToEnd.Tests.Infrastructure;

namespace Uptime.EndToEnd.Tests;

/// <summary>
/// What the REST API of a real hub process answers when a request names nothing it has: an unknown website (404 saying
/// which), an unknown route (404 naming method and path) or a parameter that cannot be read (400 naming it and its form).
/// </summary>
[Collection(HubCollection.Name)]
public sealed class RestApiProblemTests(DefaultHubFixture fixture) : IClassFixture<DefaultHubFixture>
{
    private const string GuidForm = "a GUID such as 3fa85f64-5717-4562-b3fc-2c963f66afa6";

    private HubProcess Hub => fixture.Hub;

    /// <summary>Every request that names a website by id, as method and path below <c>api/websites/{id}</c>.</summary>
    public static TheoryData<string, string> WebsiteRequests { get; } = new()
    {
        { "GET", "" },
        { "PATCH", "" },
        { "DELETE", "" },
        { "GET", "/ticks" },
        { "GET", "/stats" },
        { "GET", "/series" },
        { "GET", "/status-changes" },
    };

    [Theory]
    [MemberData(nameof(WebsiteRequests))]
    public async Task UnknownWebsite_EveryRequest_NotFoundSayingWhich(string method, string below)
    {
        var id = Guid.NewGuid();

        using var response = await SendAsync(method, $"api/websites/{id}{below}");

        using var problem = await ReadProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal($"website {id} not found", problem.RootElement.GetProperty("detail").GetString());
        Assert.Equal("Not Found", problem.RootElement.GetProperty("title").GetString());
        Assert.Equal("https://tools.ietf.org/html/rfc9110#section-15.5.5", problem.RootElement.GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(problem.RootElement.GetProperty("traceId").GetString()));
    }

    [Theory]
    [InlineData("GET", "api/foo")]
    [InlineData("POST", "api/websites/1/2/3")]
    [InlineData("GET", "api/websites/3fa85f64-5717-4562-b3fc-2c963f66afa6/nothing")]
    public async Task UnknownApiRoute_NotFoundNamingMethodAndPath(string method, string path)
    {
        using var response = await SendAsync(method, path);

        using var problem = await ReadProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal($"no route {method} /{path}", problem.RootElement.GetProperty("detail").GetString());
        Assert.Equal("Not Found", problem.RootElement.GetProperty("title").GetString());
    }

    [Theory]
    [MemberData(nameof(WebsiteRequests))]
    public async Task MalformedId_EveryRequest_BadRequestNamingIdAndItsForm(string method, string below)
    {
        using var response = await SendAsync(method, $"api/websites/abc{below}");

        await AssertNamesParameterAsync(response, "id", $"id must be {GuidForm}, got \"abc\"");
    }

    [Theory]
    [InlineData("api/websites/{0}/status-changes?limit=abc", "limit", "limit must be a whole number, got \"abc\"")]
    [InlineData("api/websites/{0}/status-changes?limit=1.5", "limit", "limit must be a whole number, got \"1.5\"")]
    [InlineData("api/websites/{0}/status-changes?limit=0", "limit", "limit must be between 1 and 1000")]
    [InlineData("api/websites/{0}/ticks?limit=abc", "limit", "limit must be a whole number between 1 and 1000")]
    [InlineData("api/websites?offset=-1", "offset", "offset must be a whole number between 0 and 2147483647")]
    [InlineData("api/websites/{0}/stats?window=2h", "window", "window must be one of 1h, 24h, 7d, 30d")]
    public async Task MalformedQueryParameter_BadRequestNamingIt(string path, string parameter, string message)
    {
        var id = (await Hub.CreateWebsiteAsync("https://example.com/malformed-query", 3600)).GetProperty("id").GetGuid();

        using var response = await SendAsync("GET", string.Format(System.Globalization.CultureInfo.InvariantCulture, path, id));

        await AssertNamesParameterAsync(response, parameter, message);
    }

    private Task<HttpResponseMessage> SendAsync(string method, string path)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "PATCH")
        {
            request.Content = new StringContent("""{"interval":60}""", Encoding.UTF8, "application/json");
        }

        return Hub.Http.SendAsync(request);
    }

    private async Task AssertNamesParameterAsync(HttpResponseMessage response, string parameter, string message)
    {
        using var problem = await ReadProblemAsync(response, HttpStatusCode.BadRequest);
        var errors = problem.RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(parameter, out var messages), $"errors do not name \"{parameter}\": {problem.RootElement}");
        Assert.Equal(message, messages[0].GetString());
    }

    private async Task<JsonDocument> ReadProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}{Hub.Diagnostics}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text);
        Assert.Equal((int)expected, problem.RootElement.GetProperty("status").GetInt32());
        return problem;
    }
}
