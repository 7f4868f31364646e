using System.Net;
using System.Text;
using Uptime.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Uptime.EndToEnd.Tests.Security;

/// <summary>
/// Hostile REST bodies against a real hub: every one gets a 4xx, none creates or changes a website, and the hub keeps
/// answering. Bounded: a fixed, seeded set of bodies.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class HostileRestTests(DefaultHubFixture fixture, ITestOutputHelper output) : IClassFixture<DefaultHubFixture>
{
    private HubProcess Hub => fixture.Hub;

    [Fact]
    public async Task HostileBodies_Post_Every4xxAndNothingCreated()
    {
        var before = await Hub.Database.EnabledWebsiteCountAsync();
        var answers = new Dictionary<int, int>();

        foreach (var body in HostileJson.Bodies(seed: 5))
        {
            var status = await PostAsync("api/websites", body);
            Assert.True(status is >= 400 and < 500, $"POST of {HostileJson.Describe(body)} answered {status}{Hub.Diagnostics}");
            answers[status] = answers.GetValueOrDefault(status) + 1;
        }

        Assert.Equal(before, await Hub.Database.EnabledWebsiteCountAsync());
        output.WriteLine("POST /api/websites answers: " + string.Join(", ", answers.Select(a => $"{a.Key}×{a.Value}")));
        await AssertHubServingAsync();
    }

    [Fact]
    public async Task HostileBodies_Put_Every4xxAndWebsiteUnchanged()
    {
        var website = await Hub.CreateWebsiteAsync("https://example.com/put-target", interval: 60);
        var id = website.GetProperty("id").GetGuid();

        foreach (var body in HostileJson.Bodies(seed: 6))
        {
            var status = await SendAsync(HttpMethod.Put, $"api/websites/{id}", body);
            Assert.True(status is >= 400 and < 500, $"PUT of {HostileJson.Describe(body)} answered {status}{Hub.Diagnostics}");
        }

        using var response = await Hub.Http.GetAsync($"api/websites/{id}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"url\":\"https://example.com/put-target\"", text, StringComparison.Ordinal);
        Assert.Contains("\"interval\":60", text, StringComparison.Ordinal);
        await AssertHubServingAsync();
    }

    [Fact]
    public async Task HugeChunkedBody_RefusedWithoutReadingItAll()
    {
        using var content = new HugeJsonContent(megabytes: 32);

        try
        {
            using var response = await Hub.Http.PostAsync("api/websites", content);
            Assert.True((int)response.StatusCode is 400 or 413, $"a 32 MiB chunked body answered {(int)response.StatusCode}");
        }
        catch (HttpRequestException e) when (e.InnerException is IOException)
        {
            // The hub answered and closed the connection while the body was still being sent: refused too.
        }

        Assert.True(content.Written < 32L * 1024 * 1024, $"the hub read all {content.Written} bytes of the body");
        output.WriteLine($"the hub stopped reading the chunked body after {content.Written / 1024} KiB were sent");
        await AssertHubServingAsync();
    }

    [Theory]
    [InlineData("api/websites?limit=-1")]
    [InlineData("api/websites?limit=99999999999999999999")]
    [InlineData("api/websites?offset=abc")]
    [InlineData("api/websites/not-a-guid")]
    [InlineData("api/websites/00000000-0000-0000-0000-000000000000/ticks?before=yesterday")]
    [InlineData("api/websites/00000000-0000-0000-0000-000000000000/stats?window=1y")]
    public async Task HostileQueries_4xx(string path)
    {
        using var response = await Hub.Http.GetAsync(path);

        Assert.True((int)response.StatusCode is >= 400 and < 500, $"GET {path} answered {(int)response.StatusCode}");
    }

    private async Task AssertHubServingAsync()
    {
        Assert.False(Hub.Process.HasExited, "the hub process exited" + Hub.Diagnostics);
        using var health = await Hub.Http.GetAsync("healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    private Task<int> PostAsync(string path, byte[] body) => SendAsync(HttpMethod.Post, path, body);

    private async Task<int> SendAsync(HttpMethod method, string path, byte[] body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        using var response = await Hub.Http.SendAsync(request);
        return (int)response.StatusCode;
    }

    /// <summary>An endless-looking JSON string sent chunked (no Content-Length), to see that the hub stops reading.</summary>
    private sealed class HugeJsonContent(int megabytes) : HttpContent
    {
        /// <summary>Bytes handed to the connection before the hub stopped taking them.</summary>
        public long Written { get; private set; }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes("{\"url\":\"https://example.com/"));
            var chunk = Encoding.ASCII.GetBytes(new string('a', 64 * 1024));
            try
            {
                for (var i = 0; i < megabytes * 16; i++)
                {
                    await stream.WriteAsync(chunk);
                    Written += chunk.Length;
                }

                await stream.WriteAsync(Encoding.ASCII.GetBytes("\"}"));
            }
            catch (IOException)
            {
                // The hub answered and closed the request body early: what this test wants.
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }
}
