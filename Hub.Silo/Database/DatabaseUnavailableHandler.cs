using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Uptime.Hub.Database;

/// <summary>
/// Answers a request that failed because PostgreSQL is unavailable (<see cref="DatabaseUnavailable"/>) with 503, a
/// <c>Retry-After</c> and a problem naming the cause, instead of a 500; any other exception is left to the default 500.
/// </summary>
public sealed partial class DatabaseUnavailableHandler(IProblemDetailsService problems, ILogger<DatabaseUnavailableHandler> logger) : IExceptionHandler
{
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (DatabaseUnavailable.Explain(exception) is not { } reason)
        {
            return false;
        }

        LogUnavailable(logger, httpContext.Request.Method, httpContext.Request.Path, reason);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The database is unavailable",
                Detail = $"the database is unavailable: {reason}; try again in {RetryAfterSeconds} s",
            },
        });
    }

    [LoggerMessage(3601, LogLevel.Warning, "{Method} {Path} answered 503: the database is unavailable: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string method, string path, string reason);
}
