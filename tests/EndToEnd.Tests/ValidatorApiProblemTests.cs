using System.Net;
using System.Text.Json;
using Uptime.EndToEnd.Tests.Infrastructure;

namespace Uptime.EndToEnd.Tests;

/// <summary>What <c>/api/validators/{id}/…</c> of a real hub answers to ids it does not know or cannot read, bad ban bodies, and no key.</summary>
[Collection(HubCollection.Name)]
public sealed class ValidatorApiProblemTests(DefaultHubFixture fixture) : IClassFixture<DefaultHubFixture>
{
    private HubProcess Hub => fixture.Hub;

    /// <summary>Every write that names a validator by id, as method and path below <c>api/validators/{id}</c>.</summary>
    public static TheoryData<string, string> ValidatorWrites { get; } = new()
    {
        { "POST", "/ban" },
        { "POST", "/unban" },
        { "POST", "/approve" },
        { "DELETE", "" },
    };

    [Theory]
    [MemberData(nameof(ValidatorWrites))]
    public async Task UnknownValidator_EveryWrite_NotFoundSayingWhich(string method, string below)
    {
        var id = Guid.NewGuid();

        var (status, body) = await Hub.SendAsync(new HttpMethod(method), $"api/validators/{id}{below}");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal($"validator {id} not found", body!.Value.GetProperty("detail").GetString());
    }

    [Theory]
    [MemberData(nameof(ValidatorWrites))]
    public async Task MalformedId_EveryWrite_BadRequestNamingId(string method, string below)
    {
        var (status, body) = await Hub.SendAsync(new HttpMethod(method), $"api/validators/0xabc{below}");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(
            "id must be a GUID such as 3fa85f64-5717-4562-b3fc-2c963f66afa6, got \"0xabc\"",
            body!.Value.GetProperty("errors").GetProperty("id")[0].GetString());
    }

    [Theory]
    [MemberData(nameof(ValidatorWrites))]
    public async Task NoAdminKey_EveryWrite_Unauthorized(string method, string below)
    {
        using var anonymous = new HttpClient { BaseAddress = Hub.Http.BaseAddress };

        using var response = await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), $"api/validators/{Guid.NewGuid()}{below}"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("""{"reason": 42}""", "reason", "reason must be a string")]
    [InlineData("""{"why": "x"}""", "why", "Unknown field \"why\"; expected reason")]
    [InlineData("""{"reason": "a", "reason": "b"}""", "reason", "reason appears more than once")]
    [InlineData("""{"reason": "two\nlines"}""", "reason", "reason must not contain control characters (line breaks included)")]
    [InlineData("""["reason"]""", "body", "The body must be a JSON object such as {\"reason\": \"…\"}, or empty")]
    [InlineData("{", "body", null)]
    public async Task Ban_BadBody_BadRequestNamingTheFieldAndNothingBanned(string json, string field, string? message)
    {
        var validatorId = await RegisterOnceAsync();

        var (status, body) = await Hub.SendAsync(HttpMethod.Post, $"api/validators/{validatorId}/ban", json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var messages = body!.Value.GetProperty("errors").GetProperty(field);
        if (message is null)
        {
            Assert.StartsWith("The body is not valid JSON: ", messages[0].GetString(), StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(message, messages[0].GetString());
        }

        Assert.Equal("active", (await Hub.ListedValidatorAsync(validatorId))!.Value.GetProperty("state").GetString());
    }

    [Fact]
    public async Task Ban_ReasonTooLong_BadRequestGivingTheLimit()
    {
        var validatorId = await RegisterOnceAsync();

        var (status, body) = await Hub.SendAsync(
            HttpMethod.Post, $"api/validators/{validatorId}/ban", JsonSerializer.Serialize(new { reason = new string('x', 501) }));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("reason must be at most 500 characters, got 501", body!.Value.GetProperty("errors").GetProperty("reason")[0].GetString());
    }

    [Fact]
    public async Task Ban_EmptyBody_BannedWithoutReason()
    {
        var validatorId = await RegisterOnceAsync();

        var (status, body) = await Hub.SendAsync(HttpMethod.Post, $"api/validators/{validatorId}/ban", "");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("banned", body!.Value.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, body.Value.GetProperty("banReason").ValueKind);
    }

    private async Task<Guid> RegisterOnceAsync()
    {
        await using var client = await HubClient.ConnectAsync(Hub);
        return (await client.RegisterAsync(AgentProcess.NewPublicKey())).ValidatorId;
    }
}
