using System.ComponentModel;
using Microsoft.OpenApi;

namespace Uptime.Hub.Incidents;

/// <summary>The optional body of acknowledging or resolving an incident as the OpenAPI document describes it; read by <see cref="IncidentTextInput"/>.</summary>
public sealed record IncidentNoteBody(
    [property: Description("A note for the timeline, 1–2000 characters; the body may be empty.")] string? Note);

/// <summary>The body of <c>POST /api/incidents/{id}/notes</c>.</summary>
public sealed record IncidentTextBody(
    [property: Description("The note, 1–2000 characters (line breaks allowed).")] string Text);

public static class IncidentBodyDocumentation
{
    /// <summary>Declares <typeparamref name="T"/> as the endpoint's JSON body in the OpenAPI document only, as the website bodies do.</summary>
    public static RouteHandlerBuilder DocumentsIncidentBody<T>(this RouteHandlerBuilder builder, bool required) =>
        builder.AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = required,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = await context.GetOrCreateSchemaAsync(typeof(T), null, cancellationToken) },
                },
            });
}
