using System.Text.Json;
using Uptime.Hub.Maintenance;

namespace Uptime.Hub.Tests.Maintenance;

public sealed class MaintenanceInputTests
{
    private static readonly DateTime _now = new(2027, 1, 1, 12, 0, 0, DateTimeKind.Utc);
    private static readonly Guid _website = Guid.NewGuid();

    [Fact]
    public void OneOff_ForListedWebsites_Read()
    {
        var input = Valid($$"""
            {"name":" Database upgrade ","description":"v16","startsAt":"2027-01-01T13:00:00+01:00","endsAt":"2027-01-01T14:00:00Z","websiteIds":["{{_website}}"]}
            """);

        Assert.Equal(
            new MaintenanceInput("Database upgrade", "v16", _now, _now.AddHours(2), null, null, null, false, input.WebsiteIds),
            input);
        Assert.Equal([_website], input.WebsiteIds);
        Assert.Equal(DateTimeKind.Utc, input.StartsAt!.Value.Kind);
    }

    [Fact]
    public void Recurring_ForAllWebsites_Read()
    {
        var input = Valid("""{"name":"Sunday backup","cron":"0 2 * * 0","timeZone":"Europe/Berlin","durationMinutes":90,"allWebsites":true}""");

        Assert.Equal(("0 2 * * 0", "Europe/Berlin", 90, true, 0), (input.Cron, input.TimeZone, input.DurationMinutes, input.AllWebsites, input.WebsiteIds.Count));
        Assert.Equal("", input.Description);
    }

    [Theory]
    [InlineData("""{"cron":"0 2 * * 0","timeZone":"UTC","durationMinutes":5,"allWebsites":true}""", "name", "name is required")]
    [InlineData("""{"name":"  ","cron":"0 2 * * 0","timeZone":"UTC","durationMinutes":5,"allWebsites":true}""", "name", "name must not be empty")]
    [InlineData("""{"name":"x","cron":"0 2 * *","timeZone":"UTC","durationMinutes":5,"allWebsites":true}""", "cron", "cron must be a cron expression of five fields")]
    [InlineData("""{"name":"x","cron":"0 25 * * *","timeZone":"UTC","durationMinutes":5,"allWebsites":true}""", "cron", "cron must be a cron expression")]
    [InlineData("""{"name":"x","cron":"0 0 30 2 *","timeZone":"UTC","durationMinutes":5,"allWebsites":true}""", "cron", "cron never occurs")]
    [InlineData("""{"name":"x","cron":"0 2 * * 0","timeZone":"Mars/Olympus","durationMinutes":5,"allWebsites":true}""", "timeZone", "timeZone must be an IANA time zone")]
    [InlineData("""{"name":"x","cron":"0 2 * * 0","durationMinutes":5,"allWebsites":true}""", "timeZone", "timeZone is required for a recurring window")]
    [InlineData("""{"name":"x","cron":"0 2 * * 0","timeZone":"UTC","durationMinutes":0,"allWebsites":true}""", "durationMinutes", "durationMinutes must be a whole number of minutes between 1 and 10080, got 0")]
    [InlineData("""{"name":"x","cron":"0 2 * * 0","timeZone":"UTC","durationMinutes":10081,"allWebsites":true}""", "durationMinutes", "between 1 and 10080, got 10081")]
    [InlineData("""{"name":"x","cron":"0 2 * * 0","timeZone":"UTC","durationMinutes":1.5,"allWebsites":true}""", "durationMinutes", "got 1.5")]
    [InlineData("""{"name":"x","startsAt":"2027-01-01T15:00:00Z","endsAt":"2027-01-01T14:00:00Z","allWebsites":true}""", "endsAt", "endsAt must be after startsAt")]
    [InlineData("""{"name":"x","startsAt":"2027-01-01T15:00:00Z","endsAt":"2027-02-15T14:00:00Z","allWebsites":true}""", "endsAt", "endsAt must be at most 30 days after startsAt")]
    [InlineData("""{"name":"x","startsAt":"2026-12-31T10:00:00Z","endsAt":"2026-12-31T11:00:00Z","allWebsites":true}""", "endsAt", "endsAt must be in the future")]
    [InlineData("""{"name":"x","startsAt":"2027-01-01T13:00:00","endsAt":"2027-01-01T14:00:00Z","allWebsites":true}""", "startsAt", "startsAt must be an ISO-8601 time with Z or an offset")]
    [InlineData("""{"name":"x","startsAt":"tomorrow","endsAt":"2027-01-01T14:00:00Z","allWebsites":true}""", "startsAt", "got \"tomorrow\"")]
    [InlineData("""{"name":"x","startsAt":"2027-01-01T13:00:00Z","allWebsites":true}""", "endsAt", "endsAt is required for a one-off window")]
    [InlineData("""{"name":"x","startsAt":"2027-01-01T13:00:00Z","endsAt":"2027-01-01T14:00:00Z","cron":"0 2 * * 0","allWebsites":true}""", "cron", "not both")]
    [InlineData("""{"name":"x","allWebsites":true}""", "body", "A window needs startsAt and endsAt (one-off) or cron, timeZone and durationMinutes (recurring)")]
    [InlineData("""{"name":"x","startsAt":"2027-01-01T13:00:00Z","endsAt":"2027-01-01T14:00:00Z"}""", "websiteIds", "websiteIds (a list of website ids) is required unless allWebsites is true")]
    [InlineData("""{"name":"x","startsAt":"2027-01-01T13:00:00Z","endsAt":"2027-01-01T14:00:00Z","websiteIds":[]}""", "websiteIds", "must list at least one website")]
    [InlineData("""{"name":"x","startsAt":"2027-01-01T13:00:00Z","endsAt":"2027-01-01T14:00:00Z","websiteIds":["abc"]}""", "websiteIds", "websiteIds must hold website ids (GUIDs), got \"abc\"")]
    [InlineData("""{"name":"x","startsAt":"2027-01-01T13:00:00Z","endsAt":"2027-01-01T14:00:00Z","allWebsites":true,"websiteIds":[]}""", "websiteIds", "websiteIds must be left out when allWebsites is true")]
    [InlineData("""{"name":"x","startsAt":"2027-01-01T13:00:00Z","endsAt":"2027-01-01T14:00:00Z","allWebsites":"yes"}""", "allWebsites", "allWebsites must be true or false")]
    [InlineData("""{"name":"x","name":"y","startsAt":"2027-01-01T13:00:00Z","endsAt":"2027-01-01T14:00:00Z","allWebsites":true}""", "name", "name appears more than once")]
    [InlineData("""{"name":"x","start":"2027-01-01T13:00:00Z","startsAt":"2027-01-01T13:00:00Z","endsAt":"2027-01-01T14:00:00Z","allWebsites":true}""", "start", "Unknown field \"start\"")]
    public void BadField_NamedWithItsProblem(string body, string field, string message)
    {
        using var document = JsonDocument.Parse(body);

        var (input, errors) = MaintenanceInput.Read(document.RootElement, _now);

        Assert.Null(input);
        Assert.NotNull(errors);
        Assert.True(errors.TryGetValue(field, out var messages), $"no error for {field}: {string.Join("; ", errors.Select(e => $"{e.Key}: {e.Value[0]}"))}");
        Assert.Contains(message, messages[0], StringComparison.Ordinal);
    }

    [Fact]
    public void RepeatedWebsiteId_Refused()
    {
        using var document = JsonDocument.Parse($$"""
            {"name":"x","startsAt":"2027-01-01T13:00:00Z","endsAt":"2027-01-01T14:00:00Z","websiteIds":["{{_website}}","{{_website}}"]}
            """);

        var (_, errors) = MaintenanceInput.Read(document.RootElement, _now);

        Assert.Equal([$"websiteIds lists {_website} more than once"], errors!["websiteIds"]);
    }

    private static MaintenanceInput Valid(string body)
    {
        using var document = JsonDocument.Parse(body);
        var (input, errors) = MaintenanceInput.Read(document.RootElement, _now);
        Assert.True(errors is null, errors is null ? null : string.Join("; ", errors.Select(e => $"{e.Key}: {e.Value[0]}")));
        return input!;
    }
}
