using System.ComponentModel;
using System.Text.Json.Nodes;

namespace Uptime.Hub.Notifications;

/// <summary>
/// The bodies of the notifications API as the OpenAPI document describes them; the hub reads them with
/// <see cref="ChannelInput"/> and <see cref="PolicyInput"/>, which refuse any other field.
/// </summary>
public sealed record NewChannelBody(
    [property: Description("Unique name, 1–100 characters.")] string Name,
    [property: Description(Channel.Type)] string Type,
    [property: Description("Whether alerts go out through it."), DefaultValue(true)] bool? Enabled,
    [property: Description(Channel.Settings)] JsonObject Settings,
    [property: Description(Channel.SubjectTemplate)] string? SubjectTemplate,
    [property: Description(Channel.BodyTemplate)] string? BodyTemplate);

/// <summary>The fields of <c>PATCH /api/notification-channels/{id}</c>, each optional.</summary>
public sealed record ChannelChangeBody(
    [property: Description("Unique name, 1–100 characters.")] string? Name,
    [property: Description("Whether alerts go out through it.")] bool? Enabled,
    [property: Description(Channel.Settings + " Merged into the stored settings: a secret left out keeps its value; null removes a setting.")] JsonObject? Settings,
    [property: Description(Channel.SubjectTemplate + " null: the default.")] string? SubjectTemplate,
    [property: Description(Channel.BodyTemplate + " null: the default.")] string? BodyTemplate);

public sealed record NewPolicyBody(
    [property: Description("Unique name, 1–100 characters.")] string Name,
    [property: Description("Whether the policy routes alerts."), DefaultValue(true)] bool? Enabled,
    [property: Description(Policy.IsDefault), DefaultValue(false)] bool? IsDefault,
    [property: Description(Policy.WebsiteIds)] Guid[]? WebsiteIds,
    [property: Description(Policy.Tags)] string[]? Tags,
    [property: Description(Policy.Events)] string[]? Events,
    [property: Description(Policy.QuietSeconds), DefaultValue(0)] int? QuietSeconds,
    [property: Description(Policy.ReminderMinutes), DefaultValue(PolicyInput.DefaultReminderMinutes)] int? ReminderMinutes,
    [property: Description(Policy.ChannelIds)] Guid[] ChannelIds);

/// <summary>The fields of <c>PATCH /api/notification-policies/{id}</c>, each optional.</summary>
public sealed record PolicyChangeBody(
    [property: Description("Unique name, 1–100 characters.")] string? Name,
    [property: Description("Whether the policy routes alerts.")] bool? Enabled,
    [property: Description(Policy.IsDefault)] bool? IsDefault,
    [property: Description(Policy.WebsiteIds)] Guid[]? WebsiteIds,
    [property: Description(Policy.Tags)] string[]? Tags,
    [property: Description(Policy.Events)] string[]? Events,
    [property: Description(Policy.QuietSeconds)] int? QuietSeconds,
    [property: Description(Policy.ReminderMinutes)] int? ReminderMinutes,
    [property: Description(Policy.ChannelIds)] Guid[]? ChannelIds);

internal static class Channel
{
    public const string Type = "webhook, slack, discord, teams, telegram, ntfy, email or pagerduty (README: Notifications).";
    public const string Settings = "The type's settings, secrets included (stored encrypted, shown masked).";
    public const string SubjectTemplate = "A Liquid template for the subject, checked when saved.";
    public const string BodyTemplate = "A Liquid template for the body, checked when saved.";
}

internal static class Policy
{
    public const string IsDefault = "Serves the websites no other enabled policy covers; making it the default takes the flag from the policy that had it.";
    public const string WebsiteIds = "The websites it covers; with tags null too: all websites.";
    public const string Tags = "It covers the websites carrying any of these tags (1–20, each a-z, 0-9, '.', '_', '-'); not with websiteIds.";
    public const string Events = "Which of opened, acknowledged, resolved, reminder, certificate (expiry warnings) it sends (default: all).";
    public const string QuietSeconds = "An opened incident is told only if still open after this many seconds, 0–86400.";
    public const string ReminderMinutes = "Minutes between reminders while an incident stays open, 0 (none) to 10080.";
    public const string ChannelIds = "The channels it sends to, 1–100.";
}
