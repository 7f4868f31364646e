using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Uptime.Hub.Database;

namespace Uptime.Hub.Tests.Database;

public sealed class DatabaseUnavailableHandlerTests
{
    [Fact]
    public async Task TryHandle_DatabaseUnavailable_503WithRetryAfterAndAProblemNamingTheCause()
    {
        var context = NewContext();
        var refused = new NpgsqlException("Failed to connect to 10.1.2.3:5432", new SocketException((int)SocketError.ConnectionRefused));

        var handled = await Handler(context).TryHandleAsync(context, refused, CancellationToken.None);

        Assert.True(handled);
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, context.Response.StatusCode);
        Assert.Equal("5", context.Response.Headers.RetryAfter.ToString());
        Assert.Equal("application/problem+json", context.Response.ContentType);
        var problem = ReadBody(context);
        Assert.Equal("The database is unavailable", problem.GetProperty("title").GetString());
        Assert.Equal(503, problem.GetProperty("status").GetInt32());
        var detail = problem.GetProperty("detail").GetString();
        Assert.Equal("the database is unavailable: no connection to PostgreSQL (ConnectionRefused); try again in 5 s", detail);
    }

    [Fact]
    public async Task TryHandle_OtherException_LeftToTheDefault500()
    {
        var context = NewContext();

        var handled = await Handler(context).TryHandleAsync(context, new PostgresException("deadlock detected", "ERROR", "ERROR", "40P01"), CancellationToken.None);

        Assert.False(handled);
        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        Assert.False(context.Response.Headers.ContainsKey("Retry-After"));
        Assert.Equal(0, context.Response.Body.Length);
    }

    private static DatabaseUnavailableHandler Handler(HttpContext context) =>
        new(context.RequestServices.GetRequiredService<IProblemDetailsService>(), NullLogger<DatabaseUnavailableHandler>.Instance);

    private static DefaultHttpContext NewContext()
    {
        var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Method = "GET";
        context.Request.Path = "/api/websites";
        context.Request.Headers.Accept = "application/json";
        context.Response.Body = new MemoryStream();
        return context;
    }

    private static JsonElement ReadBody(HttpContext context)
    {
        context.Response.Body.Position = 0;
        return JsonDocument.Parse(context.Response.Body).RootElement.Clone();
    }
}
