using System.Net;
using System.Text;
using System.Text.Json;
using static Uptime.EndToEnd.Tests.Verdicts.ScenarioRegions;

namespace Uptime.EndToEnd.Tests.Verdicts;

public sealed partial class VerdictScenarioTests
{

    /// <summary>Valid values of every verdict field, none of them the default.</summary>
    private static readonly Dictionary<string, object?> _verdictFields = new()
    {
        ["regions"] = new[] { Paris, Virginia },
        ["validatorsPerRegion"] = 2,
        ["downQuorum"] = 2,
        ["failingRounds"] = 2,
        ["degradedLatencyMs"] = 1500,
        ["incidentOnDegraded"] = true,
        ["recoverySeconds"] = 60,
    };

    /// <summary>A bad value of each verdict field (as JSON), and the field the 400 must name.</summary>
    public static TheoryData<string, string> BadVerdictFields { get; } = new()
    {
        { "regions", "[]" },
        { "regions", "\"EU-West Paris\"" },
        { "regions", "[\"\"]" },
        { "regions", "[1]" },
        { "regions", "[\"EU-West Paris\",\"EU-West Paris\"]" },
        { "regions", JsonSerializer.Serialize(Enumerable.Range(1, 21).Select(i => $"Region {i}")) },
        { "validatorsPerRegion", "0" },
        { "validatorsPerRegion", "101" },
        { "validatorsPerRegion", "1.5" },
        { "validatorsPerRegion", "\"2\"" },
        { "downQuorum", "0" },
        { "downQuorum", "21" },
        { "failingRounds", "0" },
        { "failingRounds", "11" },
        { "degradedLatencyMs", "0" },
        { "degradedLatencyMs", "60001" },
        { "incidentOnDegraded", "\"yes\"" },
        { "incidentOnDegraded", "1" },
        { "recoverySeconds", "-1" },
        { "recoverySeconds", "86401" },
    };

    /// <summary>A bad query of <c>GET /api/incidents</c>, and the parameter the 400 must name.</summary>
    public static TheoryData<string, string> BadIncidentQueries { get; } = new()
    {
        { "websiteId=abc", "websiteId" },
        { "state=closed", "state" },
    };

    [Fact]
    public async Task VerdictFields_ValidValues_StoredAndShown()
    {
        var endpoint = Target.NewEndpoint();

        var websiteId = await Api.CreateWebsiteAsync(Website(endpoint, [.. _verdictFields.Select(f => (f.Key, f.Value))]));

        AssertVerdictFields(await Api.WebsiteAsync(websiteId));
    }

    /// <summary>
    /// Each bad value gets a 400 naming its field, in a POST (no website created) and in a PATCH that also changes the
    /// interval (the website keeps its interval and every verdict field: nothing half-written).
    /// </summary>
    [Theory]
    [MemberData(nameof(BadVerdictFields))]
    public async Task VerdictField_BadValue_BadRequestNamingIt_NothingWritten(string field, string badJson)
    {
        var endpoint = Target.NewEndpoint();
        var websiteId = await Api.CreateWebsiteAsync(Website(endpoint, [.. _verdictFields.Select(f => (f.Key, f.Value))]));
        var before = await Api.WebsiteAsync(websiteId);
        var rejectedUrl = Target.NewEndpoint().Url;

        using var posted = await Hub.Http.PostAsync("api/websites", Json($$"""{"url":"{{rejectedUrl}}","interval":{{Interval}},"{{field}}":{{badJson}}}"""));
        await AssertNamesTheFieldAsync(posted, field, $"POST {field}={badJson}");
        using var patched = await Hub.Http.PatchAsync($"api/websites/{websiteId}", Json($$"""{"interval":60,"{{field}}":{{badJson}}}"""));
        await AssertNamesTheFieldAsync(patched, field, $"PATCH {field}={badJson}");

        var after = await Api.WebsiteAsync(websiteId);
        Assert.Equal(before.GetProperty("interval").GetInt32(), after.GetProperty("interval").GetInt32());
        Assert.Equal(before.GetProperty("updatedAt").GetDateTime(), after.GetProperty("updatedAt").GetDateTime());
        AssertVerdictFields(after);
        var listed = await Api.GetAsync($"api/dashboard?q={Uri.EscapeDataString(rejectedUrl)}");
        Assert.Equal(0, listed.GetProperty("total").GetInt32());
    }

    /// <summary>The website's regions are Paris and Virginia: a downQuorum of 3 could never be met, nor 2 with one region left.</summary>
    [Theory]
    [InlineData("{\"downQuorum\":3}", "downQuorum 3 is more than the 2 region(s) in regions")]
    [InlineData("{\"regions\":[\"EU-West Paris\"]}", "downQuorum 2 is more than the 1 region(s) in regions")]
    public async Task VerdictFields_QuorumTheRegionsCannotMeet_BadRequest_NothingWritten(string body, string message)
    {
        var websiteId = await Api.CreateWebsiteAsync(Website(Target.NewEndpoint(), [.. _verdictFields.Select(f => (f.Key, f.Value))]));

        using var patched = await Hub.Http.PatchAsync($"api/websites/{websiteId}", Json(body));
        var problem = await Api.ReadAsync(patched, System.Net.HttpStatusCode.BadRequest, $"PATCH {body}");

        Assert.Equal(message, problem.GetProperty("errors").GetProperty("downQuorum")[0].GetString());
        AssertVerdictFields(await Api.WebsiteAsync(websiteId));
    }

    [Theory]
    [MemberData(nameof(BadIncidentQueries))]
    public async Task IncidentQuery_BadParameter_BadRequestNamingIt(string query, string parameter)
    {
        using var response = await Hub.Http.GetAsync($"api/incidents?{query}");

        await AssertNamesTheFieldAsync(response, parameter, $"GET api/incidents?{query}");
    }

    private static void AssertVerdictFields(JsonElement website)
    {
        foreach (var (field, value) in _verdictFields)
        {
            Assert.True(
                website.TryGetProperty(field, out var shown) && shown.GetRawText() == JsonSerializer.Serialize(value),
                $"{field} should be {JsonSerializer.Serialize(value)}: {website}");
        }
    }

    private async Task AssertNamesTheFieldAsync(HttpResponseMessage response, string field, string request)
    {
        var problem = await Api.ReadAsync(response, HttpStatusCode.BadRequest, request);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(
            problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out var messages)
            && messages[0].GetString()!.Contains(field, StringComparison.Ordinal),
            $"{request}: the 400 does not name {field}: {problem}");
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
