using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;

namespace Uptime.Hub.Hosting;

/// <summary>
/// Reads a request body that must be one JSON object, for inputs validated field by field by hand: the framework's JSON
/// binding answers bad JSON or a field of the wrong type with a 400 that names no field, ignores unknown fields and takes
/// the last of a repeated one.
/// </summary>
public static class JsonObjectBody
{
    /// <summary>The parsed object (the caller disposes it), or the message for the <c>body</c> field saying why not.</summary>
    public static async Task<(JsonDocument? Document, string? Error)> ReadAsync(HttpRequest request, int maxBytes)
    {
        var tooLarge = $"The body must be at most {maxBytes} bytes";
        JsonDocument document;
        try
        {
            if (request.ContentLength > maxBytes)
            {
                return (null, tooLarge);
            }

            // A chunked body has no length to check up front: Kestrel stops reading it at the limit instead.
            if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = maxBytes;
            }

            document = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, tooLarge);
        }
        catch (JsonException e)
        {
            return (null, $"The body is not valid JSON: {e.Message}");
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            return (null, "The body must be a JSON object");
        }

        return (document, null);
    }
}
