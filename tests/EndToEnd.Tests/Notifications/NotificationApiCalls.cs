using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Uptime.EndToEnd.Tests.Infrastructure;
using Xunit.Sdk;

namespace Uptime.EndToEnd.Tests.Notifications;

/// <summary>
/// Requests to a hub's notifications API that keep every answer's body, so a test can assert that no answer ever held a
/// secret it sent.
/// </summary>
internal sealed class NotificationApiCalls(HubProcess hub)
{
    private readonly List<string> _answers = [];

    public IReadOnlyList<string> Answers => _answers;

    public async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await hub.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        _answers.Add(text);
        if (text.Length == 0)
        {
            return (response.StatusCode, default);
        }

        using var document = JsonDocument.Parse(text);
        return (response.StatusCode, document.RootElement.Clone());
    }

    /// <summary>Sends and fails the test, with the answer and the hub's output, unless the status is <paramref name="expected"/>.</summary>
    public async Task<JsonElement> ExpectAsync(HttpStatusCode expected, HttpMethod method, string path, object? body = null)
    {
        var (status, answer) = await SendAsync(method, path, body);
        if (status != expected)
        {
            throw new XunitException($"{method} {path} answered {(int)status} instead of {(int)expected}: {_answers[^1]}{hub.Diagnostics}");
        }

        return answer;
    }

    /// <summary>POSTs a webhook channel (its settings, <c>url</c> and <c>secret</c>, are both secrets) and returns its view.</summary>
    public Task<JsonElement> CreateWebhookAsync(string name, string url, string secret, object? more = null) =>
        ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "api/notification-channels", more ?? new { name, type = "webhook", settings = new { url, secret } });

    /// <summary>The messages of a 400 problem's <c>errors</c> member, by field.</summary>
    public static IReadOnlyDictionary<string, string> Errors(JsonElement problem) =>
        problem.GetProperty("errors").EnumerateObject().ToDictionary(e => e.Name, e => string.Join(" ", e.Value.EnumerateArray().Select(m => m.GetString())));

    /// <summary>Fails when any answer so far, or the hub's output, holds one of <paramref name="secrets"/>.</summary>
    public void AssertNoAnswerHolds(params string[] secrets)
    {
        Assert.NotEmpty(_answers);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(_answers, answer => answer.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(secret, hub.Process.Output, StringComparison.Ordinal);
        }
    }
}
