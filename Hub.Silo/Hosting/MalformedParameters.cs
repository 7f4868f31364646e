using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace Uptime.Hub.Hosting;

/// <summary>
/// The answer to a route or query parameter whose text cannot be read as its type (<c>/api/websites/abc</c>,
/// <c>?limit=abc</c>): 400 with a validation problem naming the parameter, the form it must have and the text sent
/// (<c>id must be a GUID such as …, got "abc"</c>), instead of the framework's bare 400. It hooks the framework's own binding:
/// when binding fails, the request delegate sets 400 and still runs the endpoint's filters (not the handler), so this
/// filter finds the failed parameter by reading each candidate's text again with the binder's rules. Route ids carry no
/// route constraint for the same reason: a constraint that does not match answers 404, as if the path did not exist.
/// </summary>
public static class MalformedParameters
{
    private static readonly Dictionary<Type, (string Form, Func<string, bool> Reads)> _forms = new()
    {
        [typeof(Guid)] = ("a GUID such as 3fa85f64-5717-4562-b3fc-2c963f66afa6", text => Guid.TryParse(text, out _)),
        [typeof(int)] = ("a whole number", text => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)),
    };

    /// <summary>Every endpoint of <paramref name="builder"/> answers a malformed route or query parameter with the problem above.</summary>
    public static TBuilder ExplainMalformedParameters<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilterFactory((context, next) =>
        {
            var parameters = context.MethodInfo.GetParameters().Select(Describe).OfType<Parameter>().ToArray();
            if (parameters.Length == 0)
            {
                return next;
            }

            return invocation =>
                invocation.HttpContext.Response.StatusCode == StatusCodes.Status400BadRequest
                && Problems(invocation.HttpContext.Request, parameters) is { Count: > 0 } errors
                    ? ValueTask.FromResult<object?>(TypedResults.ValidationProblem(errors, detail: string.Join(" ", errors.Values.SelectMany(e => e))))
                    : next(invocation);
        });

    private static Dictionary<string, string[]> Problems(HttpRequest request, Parameter[] parameters)
    {
        var errors = new Dictionary<string, string[]>();
        foreach (var parameter in parameters)
        {
            var text = request.RouteValues.TryGetValue(parameter.Name, out var routeValue) ? routeValue?.ToString() : request.Query[parameter.Name].ToString();
            if (!string.IsNullOrEmpty(text) && !parameter.Reads(text))
            {
                errors[parameter.Name] = [$"{parameter.Name} must be {parameter.Form}, got \"{text}\""];
            }
        }

        return errors;
    }

    /// <summary>A parameter read from the route or the query string as one of the types in <see cref="_forms"/>; null for any other.</summary>
    private static Parameter? Describe(ParameterInfo parameter)
    {
        var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
        var attributes = parameter.GetCustomAttributes().ToArray();
        var fromElsewhere = attributes.Any(a => a is IFromBodyMetadata or IFromHeaderMetadata or IFromFormMetadata or IFromServiceMetadata);
        if (fromElsewhere || !_forms.TryGetValue(type, out var form))
        {
            return null;
        }

        var name = attributes.OfType<IFromRouteMetadata>().FirstOrDefault()?.Name
            ?? attributes.OfType<IFromQueryMetadata>().FirstOrDefault()?.Name
            ?? parameter.Name!;
        return new Parameter(name, form.Form, form.Reads);
    }

    private sealed record Parameter(string Name, string Form, Func<string, bool> Reads);
}
