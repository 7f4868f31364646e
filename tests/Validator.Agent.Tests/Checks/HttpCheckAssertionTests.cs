using Uptime.Agent.Checks;
using Uptime.Agent.Checks.Tls;
using Uptime.Agent.Configuration;
using Uptime.Agent.Tests.Infrastructure;
using Uptime.Protocol;
using Uptime.Protocol.Checks;
using Uptime.Security;

namespace Uptime.Agent.Tests.Checks;

/// <summary>Every assertion kind, holding and failing, against a real local website (see <see cref="HttpCheckTarget"/>).</summary>
public sealed class HttpCheckAssertionTests : IAsyncLifetime
{
    private readonly WebsiteChecker _checker = new(
        new AgentOptions { Key = ValidatorKey.Generate(), AllowPrivateTargets = true },
        TargetDialer.For(allowPrivateTargets: true),
        new FullHandshakes(),
        TimeProvider.System);

    private HttpCheckTarget _target = null!;

    public async Task InitializeAsync() => _target = await HttpCheckTarget.StartAsync();

    public async Task DisposeAsync()
    {
        _checker.Dispose();
        await _target.DisposeAsync();
    }

    [Theory]
    [InlineData(AssertionOperator.Contains, "Welcome", null)]
    [InlineData(AssertionOperator.Contains, "Goodbye", "Body does not contain \"Goodbye\"")]
    [InlineData(AssertionOperator.NotContains, "Error", null)]
    [InlineData(AssertionOperator.NotContains, "Welcome", "Body contains \"Welcome\"")]
    [InlineData(AssertionOperator.Matches, "Welcome\\s+home", null)]
    [InlineData(AssertionOperator.Matches, "^Welcome", "Body does not match /^Welcome/")]
    [InlineData(AssertionOperator.NotMatches, "[Ee]rror", null)]
    [InlineData(AssertionOperator.NotMatches, "<body>", "Body matches /<body>/")]
    [InlineData(AssertionOperator.Matches, "(unclosed", "Body regex /(unclosed/ is invalid: Invalid pattern '(unclosed' at offset 9. Not enough )'s.")]
    public Task Body(AssertionOperator op, string value, string? error) =>
        AssertAsync("/page", new CheckAssertion(AssertionSource.Body, op, null, value), error);

    [Fact]
    public async Task Body_RegexTakingLongerThanItsBound_BadSayingSo()
    {
        var started = DateTime.UtcNow;

        await AssertAsync("/backtrack", new CheckAssertion(AssertionSource.Body, AssertionOperator.Matches, null, "^(a+)+$"), "Body regex /^(a+)+$/ timed out after 100 ms");

        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5));
    }

    [Theory]
    [InlineData("status", AssertionOperator.Equal, "\"degraded\"", null)]
    [InlineData("status", AssertionOperator.Equal, "\"ok\"", "JSON status == \"ok\" failed: got \"degraded\"")]
    [InlineData("status", AssertionOperator.NotEqual, "\"ok\"", null)]
    [InlineData("status", AssertionOperator.NotEqual, "\"degraded\"", "JSON status != \"degraded\" failed: got \"degraded\"")]
    [InlineData("ratio", AssertionOperator.Equal, "1", null)]
    [InlineData("count", AssertionOperator.Equal, "\"3\"", "JSON count == \"3\" failed: got 3")]
    [InlineData("count", AssertionOperator.LessThan, "5", null)]
    [InlineData("count", AssertionOperator.LessThan, "3", "JSON count < 3 failed: got 3")]
    [InlineData("count", AssertionOperator.GreaterThan, "2.5", null)]
    [InlineData("name", AssertionOperator.GreaterThan, "2", "JSON name > 2 failed: got \"uptime monitor\"")]
    [InlineData("name", AssertionOperator.Contains, "\"monitor\"", null)]
    [InlineData("tags", AssertionOperator.Contains, "\"b\"", null)]
    [InlineData("tags", AssertionOperator.Contains, "\"c\"", "JSON tags contains \"c\" failed: got [\"a\",\"b\"]")]
    [InlineData("length(tags)", AssertionOperator.Equal, "2", null)]
    [InlineData("tags[0]", AssertionOperator.Exists, null, null)]
    [InlineData("missing", AssertionOperator.Exists, null, "JSON missing exists failed: got null")]
    [InlineData("nowhere.deeper", AssertionOperator.Exists, null, "JSON nowhere.deeper exists failed: got null")]
    public Task Json(string path, AssertionOperator op, string? value, string? error) =>
        AssertAsync("/json", new CheckAssertion(AssertionSource.Json, op, path, value), error);

    [Fact]
    public Task Json_BodyNotJson_BadSayingSo() =>
        AssertAsync(
            "/page",
            new CheckAssertion(AssertionSource.Json, AssertionOperator.Exists, "status", null),
            "JSON assertion: body is not JSON (Unexpected character encountered while parsing value: <. Path '', line 0, position 0)");

    [Theory]
    [InlineData("X-Version", AssertionOperator.Exists, null, null)]
    [InlineData("X-Absent", AssertionOperator.Exists, null, "Header X-Absent missing")]
    [InlineData("content-type", AssertionOperator.Contains, "json", null)]
    [InlineData("Content-Type", AssertionOperator.Contains, "xml", "Header Content-Type does not contain \"xml\" (got \"application/json\")")]
    [InlineData("X-Version", AssertionOperator.NotContains, "beta", null)]
    [InlineData("X-Version", AssertionOperator.NotContains, "2.1", "Header X-Version contains \"2.1\" (got \"2.1.0\")")]
    [InlineData("X-Absent", AssertionOperator.NotContains, "beta", null)]
    [InlineData("X-Version", AssertionOperator.Equal, "2.1.0", null)]
    [InlineData("X-Version", AssertionOperator.Equal, "2.2.0", "Header X-Version is not \"2.2.0\" (got \"2.1.0\")")]
    [InlineData("X-Version", AssertionOperator.NotEqual, "2.2.0", null)]
    [InlineData("X-Version", AssertionOperator.NotEqual, "2.1.0", "Header X-Version is \"2.1.0\"")]
    [InlineData("X-Version", AssertionOperator.Matches, @"^2\.\d+\.\d+$", null)]
    [InlineData("X-Version", AssertionOperator.Matches, @"^3\.", @"Header X-Version does not match /^3\./ (got ""2.1.0"")")]
    [InlineData("X-Version", AssertionOperator.NotMatches, @"^3\.", null)]
    [InlineData("X-Version", AssertionOperator.NotMatches, @"^2\.", @"Header X-Version matches /^2\./ (got ""2.1.0"")")]
    [InlineData("Content-Type", AssertionOperator.Equal, "application/json", null)]
    public Task Header(string name, AssertionOperator op, string? value, string? error) =>
        AssertAsync("/json", new CheckAssertion(AssertionSource.Header, op, name, value), error);

    [Fact]
    public async Task FirstFailedAssertion_DecidesTheErrorAndIndex()
    {
        var check = HttpCheckDefinition.Plain with
        {
            Assertions =
            [
                new CheckAssertion(AssertionSource.Header, AssertionOperator.Exists, "X-Version", null),
                new CheckAssertion(AssertionSource.Json, AssertionOperator.Equal, "status", "\"ok\""),
                new CheckAssertion(AssertionSource.Body, AssertionOperator.Contains, null, "absent"),
            ],
        };

        var outcome = await Waits.ForAsync(_checker.CheckAsync(_target.Url("/json"), check, CancellationToken.None), "the check");

        Assert.Equal((TickStatus.Bad, "JSON status == \"ok\" failed: got \"degraded\"", 1), (outcome.Status, outcome.Error, outcome.FailedAssertion));
        Assert.Equal(200, outcome.HttpStatus);
        Assert.NotNull(outcome.Phases?.Transfer);
    }

    private async Task AssertAsync(string path, CheckAssertion assertion, string? error)
    {
        var check = HttpCheckDefinition.Plain with { Assertions = [assertion] };

        var outcome = await Waits.ForAsync(_checker.CheckAsync(_target.Url(path), check, CancellationToken.None), $"the check of {path}");

        Assert.Equal(
            (error is null ? TickStatus.Good : TickStatus.Bad, error, error is null ? null : (int?)0),
            (outcome.Status, outcome.Error, outcome.FailedAssertion));
    }
}
