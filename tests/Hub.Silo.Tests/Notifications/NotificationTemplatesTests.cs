using Uptime.Hub.Notifications;

namespace Uptime.Hub.Tests.Notifications;

/// <summary>The default text says what an operator needs at 3 a.m.; a channel's Liquid templates render over the model, sandboxed, and fall back when they fail.</summary>
public sealed class NotificationTemplatesTests
{
    private readonly NotificationTemplates _templates = new();

    [Fact]
    public void Render_Opened_SaysWhatWhereSinceAndLinks()
    {
        var (subject, body) = _templates.Render([Samples.Item(Samples.Opened(), Samples.Link)], null, null);

        Assert.Equal("[Down] My Shop is down", subject);
        Assert.Equal(
            """
            My Shop (https://shop.example.com/) is down.
            Down from 2 of 3 regions: us-east HTTP 503, eu-west Timeout after 10000 ms (up from ap-south)
            Reason: 2 of 3 regions say Down
            Since: 2026-12-07 09:00:00 UTC (0s so far)
            Incident: https://uptime.example.com/#/incidents/0b9e2a4c-6f51-4d8e-9a2b-3c4d5e6f7a8b
            """.ReplaceLineEndings("\n"),
            body);
    }

    [Fact]
    public void Render_WebsiteWithoutName_UsesItsUrl()
    {
        var (subject, body) = _templates.Render([Samples.Item(Samples.Opened() with { WebsiteName = null })], null, null);

        Assert.Equal("[Down] https://shop.example.com/ is down", subject);
        Assert.StartsWith("https://shop.example.com/ is down.", body, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Acknowledged_SaysWhoAndTheirNote()
    {
        var (subject, body) = _templates.Render([Samples.Item(Samples.Acknowledged())], null, null);

        Assert.Equal("[Acknowledged] My Shop by alice", subject);
        Assert.Contains("Acknowledged by alice at 2026-12-07 09:05:00 UTC: looking into it", body, StringComparison.Ordinal);
        Assert.Contains("Since: 2026-12-07 09:00:00 UTC (5m 0s so far)", body, StringComparison.Ordinal);
        Assert.Contains(Samples.Link, body, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Resolved_SaysHowLongItLasted()
    {
        var (subject, body) = _templates.Render([Samples.Item(Samples.Resolved())], null, null);

        Assert.Equal("[Resolved] My Shop is up again after 12m 30s", subject);
        Assert.Contains("My Shop (https://shop.example.com/) is up again.", body, StringComparison.Ordinal);
        Assert.Contains("Resolved: 2026-12-07 09:12:30 UTC, after 12m 30s", body, StringComparison.Ordinal);
        Assert.Contains("Resolution: recovered", body, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Reminder_SaysStillDownAndForHowLong()
    {
        var (subject, body) = _templates.Render([Samples.Item(Samples.Reminder())], null, null);

        Assert.Equal("[Still down] My Shop for 1h 2m", subject);
        Assert.Contains("is still down.", body, StringComparison.Ordinal);
        Assert.Contains("Since: 2026-12-07 09:00:00 UTC (1h 2m so far)", body, StringComparison.Ordinal);
        Assert.Contains("us-east HTTP 503", body, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Test_SaysWhoSentIt()
    {
        var (subject, body) = _templates.Render([Samples.Item(Samples.Test())], null, null);

        Assert.Equal("[Test] Uptime test notification", subject);
        Assert.Equal("A test message from Uptime, sent by alice at 2026-12-07 09:00:00 UTC. If you read this, the channel works.", body);
    }

    [Fact]
    public void Render_Group_CountsTheLargestStateAndListsOneLinePerWebsite()
    {
        var notification = Samples.Group(down: 12, resolved: 3);

        var (subject, body) = _templates.Render(notification.Items, null, null);

        Assert.Equal("12 websites down: site-1, site-2, site-3, … (and 3 more resolved)", subject);
        var lines = body.Split('\n');
        Assert.Equal(15, lines.Length);
        Assert.StartsWith("DOWN site-1 https://site-1.example.com/: Down from 2 of 3 regions: us-east HTTP 503", lines[0], StringComparison.Ordinal);
        Assert.Contains("since 2026-12-07 09:00:00 UTC", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("RESOLVED back-1 https://shop.example.com/: up again after 12m 30s", lines[12], StringComparison.Ordinal);
    }

    [Fact]
    public void Render_LiquidTemplates_RenderOverTheModel()
    {
        var items = new[] { Samples.Item(Samples.Opened()) };

        var (subject, body) = _templates.Render(
            items,
            "{{ event.kind | upcase }}: {{ event.websiteName }} ({{ count }})",
            "{% for v in event.votes %}{{ v.region }}={{ v.status }}{% if v.error %} {{ v.error }}{% endif %};{% endfor %} opened {{ event.openedAt | date: '%H:%M' }} {{ event.link }}");

        Assert.Equal("OPENED: My Shop (1)", subject);
        Assert.Equal($"us-east=Bad HTTP 503;eu-west=Bad Timeout after 10000 ms;ap-south=Good; opened 09:00 {Samples.Link}", body);
    }

    [Fact]
    public void Render_LiquidGroupTemplate_SeesEveryEvent()
    {
        var notification = Samples.Group(down: 2, resolved: 1);

        var (subject, body) = _templates.Render(notification.Items, "{{ count }} changes", "{% for e in events %}{{ e.website }}:{{ e.kind }} {% endfor %}| {{ defaultSubject }}");

        Assert.Equal("3 changes", subject);
        Assert.Equal("site-1:opened site-2:opened back-1:resolved | 2 websites down: site-1, site-2 (and 1 more resolved)", body);
    }

    [Fact]
    public void Render_SubjectOnSeveralLines_OneLine()
    {
        var (subject, _) = _templates.Render([Samples.Item(Samples.Opened())], "{{ event.verdict }}\n{{ event.website }}\r\n!", null);

        Assert.Equal("Down My Shop !", subject);
    }

    [Fact]
    public void Validate_ValidTemplate_Null() => Assert.Null(_templates.Validate("{% if event.verdict == 'Down' %}DOWN{% endif %} {{ event.website }}"));

    [Theory]
    [InlineData("{% if %}", "(1:")]
    [InlineData("line one\n{{ event.website ", "(2:")]
    [InlineData("{% for x in events %}", "")]
    public void Validate_InvalidTemplate_ParserErrorWithPosition(string template, string position)
    {
        var error = _templates.Validate(template);

        Assert.NotNull(error);
        Assert.Contains(position, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TooLong_Refused() =>
        Assert.Contains("more than 10000", _templates.Validate(new string('x', NotificationTemplates.MaxTemplateChars + 1)), StringComparison.Ordinal);

    [Theory]
    [InlineData("{% for i in (1..100000000) %}{{ i }}{% endfor %}")]
    [InlineData("{% for i in (1..1000) %}{% for j in (1..1000) %}{% endfor %}{% endfor %}x")]
    [InlineData("{% include 'secrets' %}")]
    [InlineData("{% render '/etc/passwd' %}")]
    public void Render_TemplateThatRunsLongOrReadsFiles_FallsBackToTheDefaultAndSaysSo(string bodyTemplate)
    {
        var items = new[] { Samples.Item(Samples.Opened()) };
        var started = DateTime.UtcNow;

        var (subject, body) = _templates.Render(items, "{{ event.website }} custom", bodyTemplate);

        Assert.InRange(DateTime.UtcNow - started, TimeSpan.Zero, TimeSpan.FromSeconds(2));
        Assert.Equal("My Shop custom", subject);
        Assert.StartsWith(DefaultNotificationText.Body(items), body, StringComparison.Ordinal);
        Assert.Contains("This is the default text: the channel's body template failed:", body, StringComparison.Ordinal);
        Assert.DoesNotContain("root:", body, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_SubjectRendersNothing_DefaultSubject()
    {
        var items = new[] { Samples.Item(Samples.Opened()) };

        var (subject, body) = _templates.Render(items, "{{ event.nothing }}", null);

        Assert.Equal("[Down] My Shop is down", subject);
        Assert.Contains("the channel's subject template failed: it rendered nothing", body, StringComparison.Ordinal);
    }
}
