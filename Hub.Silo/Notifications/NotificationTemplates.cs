using Fluid;
using Fluid.Values;

namespace Uptime.Hub.Notifications;

/// <summary>
/// The default text, or a channel's Liquid templates (Fluid) over <see cref="NotificationTemplateModel"/>. A template is
/// sandboxed: no file access (include/render find nothing), at most <see cref="MaxSteps"/> statements, <see
/// cref="MaxOutputChars"/> characters and <see cref="MaxCollectionItems"/> items per collection, so it cannot run long.
/// </summary>
public sealed class NotificationTemplates : INotificationTemplates
{
    public const int MaxTemplateChars = 10_000;
    public const int MaxSteps = 10_000;
    public const int MaxOutputChars = 20_000;
    public const int MaxCollectionItems = 1_000;

    private static readonly FluidParser _parser = new(new FluidParserOptions { MaxRecursionDepth = 20 });

    private static readonly TemplateOptions _options = new TemplateOptionsBuilder()
        .WithMaxSteps(MaxSteps)
        .WithMaxOutputSize(MaxOutputChars)
        .WithMaxCollectionSize(MaxCollectionItems)
        .WithMaxRecursion(10)
        .WithTimeZone(TimeZoneInfo.Utc)
        .WithFileProvider(new DelegateTemplateFileProvider((_, _, _) => ValueTask.FromResult<TemplateSourceInfo?>(null)))
        .Build();

    public string? Validate(string template) => Parse(template, out _);

    public (string Subject, string Body) Render(IReadOnlyList<NotificationItem> items, string? subjectTemplate, string? bodyTemplate)
    {
        var defaultSubject = DefaultNotificationText.Subject(items);
        var defaultBody = DefaultNotificationText.Body(items);
        if (subjectTemplate is null && bodyTemplate is null)
        {
            return (defaultSubject, defaultBody);
        }
        var model = NotificationTemplateModel.Of(items, defaultSubject, defaultBody);
        var (subject, subjectError) = RenderOne(subjectTemplate, model, defaultSubject);
        var (body, bodyError) = RenderOne(bodyTemplate, model, defaultBody);
        if (subjectError is not null || bodyError is not null)
        {
            // The fallback says why, so whoever owns the channel learns that the template needs fixing.
            body = $"{defaultBody}\n\n(This is the default text: the channel's {(subjectError is null ? "body" : bodyError is null ? "subject" : "subject and body")} template failed: {subjectError ?? bodyError})";
            subject = subjectError is null ? subject : defaultSubject;
        }
        return (subject.Trim(), body.Trim());
    }

    private static (string Text, string? Error) RenderOne(string? template, Dictionary<string, object?> model, string fallback)
    {
        if (template is null)
        {
            return (fallback, null);
        }
        if (Parse(template, out var parsed) is { } parseError)
        {
            return (fallback, parseError);
        }
        var context = new TemplateContext(_options);
        foreach (var (name, value) in model)
        {
            context.SetValue(name, FluidValue.Create(value, _options));
        }
        try
        {
            var text = parsed!.Render(context, NullEncoder.Default, true);
            return string.IsNullOrWhiteSpace(text) ? (fallback, "it rendered nothing") : (text, null);
        }
        catch (Exception e)
        {
            return (fallback, e.Message);
        }
    }

    private static string? Parse(string template, out IFluidTemplate? parsed)
    {
        parsed = null;
        if (template.Length > MaxTemplateChars)
        {
            return $"the template is {template.Length} characters long, more than {MaxTemplateChars}";
        }
        return _parser.TryParse(template, out parsed, out var error) ? null : error.ReplaceLineEndings(" ");
    }
}
