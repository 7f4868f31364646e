namespace Uptime.Hub.Hosting;

/// <summary>
/// What a 404 that no endpoint answered says (the status-code pages write it as a problem): which method and path have no
/// route, e.g. <c>no route GET /api/foo</c>, so a typo in a path is not mistaken for an unknown id.
/// </summary>
public static class UnknownRoute
{
    public static void Describe(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        if (http.Response.StatusCode == StatusCodes.Status404NotFound && context.ProblemDetails.Detail is null && http.GetEndpoint() is null)
        {
            context.ProblemDetails.Detail = $"no route {http.Request.Method} {http.Request.Path}";
        }
    }
}
