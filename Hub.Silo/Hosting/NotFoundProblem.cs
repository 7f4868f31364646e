using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace Uptime.Hub.Hosting;

/// <summary>
/// The 404 of an id that names nothing: a problem whose detail says what was not found (<c>website … not found</c>),
/// written by the problem-details service like the hub's other problems, and declared in the OpenAPI document as a 404
/// problem.
/// </summary>
public sealed class NotFoundProblem(string what) : IResult, IStatusCodeHttpResult, IEndpointMetadataProvider
{
    public int? StatusCode => StatusCodes.Status404NotFound;

    public Task ExecuteAsync(HttpContext httpContext) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, detail: $"{what} not found").ExecuteAsync(httpContext);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status404NotFound, typeof(ProblemDetails), ["application/problem+json"]));
}
