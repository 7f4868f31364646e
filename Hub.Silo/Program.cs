using Uptime.Hub.Hosting;

// The content root is the build output, so wwwroot and appsettings.json are found wherever the hub is started from.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddUptimeHub();
if (!HubStartup.TryBuild(builder, out var app))
{
    return 2;
}

if (!await HubStartup.TryPrepareDatabaseAsync(app))
{
    return 1;
}

app.MapUptimeHub();
app.LogWhenStarted();
return await HubStartup.RunAsync(app);

/// <summary>Entry point, visible to tests that host the hub.</summary>
public partial class Program;
