using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Uptime.Hub.Observability;

namespace Uptime.Hub.Tests.Observability;

public sealed class HealthReportWriterTests
{
    [Fact]
    public async Task WriteAsync_OneCheckFailed_JsonNamesFailedCheckAndReason()
    {
        var report = new HealthReport(
            new Dictionary<string, HealthReportEntry>
            {
                ["postgres"] = new(HealthStatus.Unhealthy, "PostgreSQL is unreachable: Connection refused", TimeSpan.FromMilliseconds(3), null, null),
                ["silo"] = new(HealthStatus.Healthy, "Silo is Active in the cluster", TimeSpan.Zero, null, null),
            },
            TimeSpan.FromMilliseconds(3));
        var context = new DefaultHttpContext();
        context.Response.Body = new MemoryStream();

        await HealthReportWriter.WriteAsync(context, report);

        Assert.Equal("application/json; charset=utf-8", context.Response.ContentType);
        using var json = JsonDocument.Parse(((MemoryStream)context.Response.Body).ToArray());
        var root = json.RootElement;
        Assert.Equal("Unhealthy", root.GetProperty("status").GetString());
        Assert.Equal(["postgres"], root.GetProperty("failed").EnumerateArray().Select(e => e.GetString()));
        var postgres = root.GetProperty("checks").GetProperty("postgres");
        Assert.Equal("Unhealthy", postgres.GetProperty("status").GetString());
        Assert.Equal("PostgreSQL is unreachable: Connection refused", postgres.GetProperty("description").GetString());
        Assert.Equal("Healthy", root.GetProperty("checks").GetProperty("silo").GetProperty("status").GetString());
    }

    [Fact]
    public void ToJson_AllHealthy_EmptyFailedList()
    {
        var report = new HealthReport(
            new Dictionary<string, HealthReportEntry> { ["silo"] = new(HealthStatus.Healthy, null, TimeSpan.Zero, null, null) },
            TimeSpan.Zero);

        using var json = JsonDocument.Parse(HealthReportWriter.ToJson(report));

        Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
        Assert.Equal(0, json.RootElement.GetProperty("failed").GetArrayLength());
    }
}
