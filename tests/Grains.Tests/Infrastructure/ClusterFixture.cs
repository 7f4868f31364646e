using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace Uptime.Grains.Tests.Infrastructure;

/// <summary>
/// One in-process silo with memory storage and reminders, in-memory doubles for the hub's services, and a fake clock.
/// The grains read "now" from the fake clock (the unkeyed <see cref="TimeProvider"/>); grain timers and Orleans' own
/// loops stay on real time (keyed providers), so a test advances the clock to make a heartbeat or a tick look old and
/// the next real timer tick acts on it.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public static readonly TimeSpan HeartbeatCheckPeriod = TimeSpan.FromMilliseconds(200);
    public static readonly TimeSpan HeartbeatTimeout = TimeSpan.FromSeconds(60);

    private InProcessTestCluster? _cluster;

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero));

    public ClusterFixture() => Catalog = new(StatusChanges);

    public FakeWebsiteCatalog Catalog { get; }

    public FakeValidatorStore Store { get; } = new();

    public RecordingCheckDispatcher Dispatcher { get; } = new();

    public RecordingStatusChangeLog StatusChanges { get; } = new();

    public FakeMaintenanceCalendar Maintenance { get; } = new();

    public FakeValidatorRoster Roster { get; } = new();

    public RecordingIncidentLog Incidents { get; } = new();

    public FakeConfirmationBudget Confirmations { get; } = new();

    public InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster is not deployed.");

    public IClusterClient Client => Cluster.Client;

    public DateTime UtcNow => Time.GetUtcNow().UtcDateTime;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) => silo
            .AddMemoryGrainStorage("websites")
            .UseInMemoryReminderService());
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Logging.SetMinimumLevel(LogLevel.Warning);
            var services = host.Services;
            services.AddSingleton<TimeProvider>(Time);
            services.UseTimeProviderForBackgroundAreas(TimeProvider.System);
            services.AddKeyedSingleton(TimeProviderNames.Grains, TimeProvider.System);
            services.AddSingleton<IWebsiteCatalog>(Catalog);
            services.AddSingleton<IValidatorStore>(Store);
            services.AddSingleton<ICheckDispatcher>(Dispatcher);
            services.AddSingleton<IStatusChangeLog>(StatusChanges);
            services.AddSingleton<IMaintenanceCalendar>(Maintenance);
            services.AddSingleton<IValidatorRoster>(Roster);
            services.AddSingleton<IIncidentLog>(Incidents);
            services.AddSingleton<IConfirmationBudget>(Confirmations);
            services.Configure<ValidatorGrainOptions>(options =>
            {
                options.HeartbeatCheckPeriod = HeartbeatCheckPeriod;
                options.HeartbeatTimeout = HeartbeatTimeout;
                options.PresenceReminderPeriod = TimeSpan.FromMinutes(1);
            });
            services.Configure<WebsiteGrainOptions>(options => options.FreshnessIntervals = 2.5);
        });
        builder.ConfigureClientHost(host => host.Logging.SetMinimumLevel(LogLevel.Warning));
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            // Killed, not stopped: on a graceful stop, website grains with unsaved counters try to write them to memory
            // storage, itself a grain that is already gone on this single silo, and the stop waits 30 s for them.
            foreach (var silo in _cluster.Silos)
            {
                await _cluster.KillSiloAsync(silo);
            }

            await _cluster.DisposeAsync();
        }
    }

    /// <summary>A validator socket: the object records CloseAsync; keep it referenced for as long as the test needs it.</summary>
    public (RecordingConnection Recorder, IValidatorConnection Reference) NewConnection()
    {
        var recorder = new RecordingConnection();
        return (recorder, Client.CreateObjectReference<IValidatorConnection>(recorder));
    }
}
