namespace Uptime.Hub.Notifications;

/// <summary>
/// Subject and body of a message: the default templates, or a channel's own Liquid templates (Fluid) over the same model.
/// </summary>
public interface INotificationTemplates
{
    /// <summary>Null when <paramref name="template"/> parses, else the parser's error (the API's 400 for that field).</summary>
    string? Validate(string template);

    /// <summary>
    /// The subject and body of <paramref name="items"/> (one event, or a group), with the channel's templates where given;
    /// a template that fails at render time falls back to the default and says so in the body.
    /// </summary>
    (string Subject, string Body) Render(IReadOnlyList<NotificationItem> items, string? subjectTemplate, string? bodyTemplate);
}
