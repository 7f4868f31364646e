using Uptime.Hub.Hosting;

if (!HubStartup.TryReadOptions(out var hub))
{
    return 2;
}

// The content root is the build output, so wwwroot and appsettings.json are found wherever the hub is started from.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddUptimeHub(hub);

var app = builder.Build();
if (!await HubStartup.TryPrepareDatabaseAsync(app, hub))
{
    return 1;
}

app.MapUptimeHub();
app.LogWhenStarted(hub);
return await HubStartup.RunAsync(app);

/// <summary>Entry point, visible to tests that host the hub.</summary>
public partial class Program;
