using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Uptime.Grains;
using Uptime.Hub.Access;
using Uptime.Hub.Tests.Hosting;
using Uptime.Hub.Websites;
using Uptime.Security;
using Uptime.Testing;

namespace Uptime.Hub.Tests.Incidents;

/// <summary>
/// One in-process hub for the incidents API tests, with an admin key; incidents are opened through the hub's own
/// <see cref="IIncidentLog"/>, as the website grains open them.
/// </summary>
public sealed class IncidentsHub(PostgresFixture postgres) : IAsyncLifetime
{
    public const string AdminKey = "incidents-admin-key-7c1e";

    private InProcessHub? _hub;

    /// <summary>Who the admin key's actions are recorded as (as <c>banned_by</c> records a ban).</summary>
    public static string Operator { get; } = $"admin key {AdminKeys.Fingerprint(SHA256.HashData(Encoding.UTF8.GetBytes(AdminKey)))}";

    private InProcessHub Hub => _hub ?? throw new InvalidOperationException("The hub has not been started.");

    /// <summary>A client without credentials.</summary>
    public HttpClient Anonymous => Hub.Http;

    /// <summary>A client sending the admin key.</summary>
    public HttpClient Admin { get; private set; } = null!;

    public IIncidentLog Log => Hub.App.Services.GetRequiredService<IIncidentLog>();

    public async Task<Guid> NewWebsiteAsync() =>
        (await Hub.App.Services.GetRequiredService<WebsiteRepository>()
            .CreateAsync($"https://example.com/incident-{Guid.NewGuid():N}", 3600, CancellationToken.None)).Id;

    public async Task<Guid> OpenIncidentAsync(Guid websiteId, DateTime at, IReadOnlyList<IncidentVote>? votes = null) =>
        (await Log.OpenAsync(websiteId, at, WebsiteHealth.Down, "2 of 3 regions say Down", votes ?? [], CancellationToken.None)).Id;

    public Task<EventStreamReader> OpenEventsAsync() => EventStreamReader.OpenAsync(Hub.Address);

    public async Task InitializeAsync()
    {
        _hub = await InProcessHub.StartAsync(postgres, new() { ["HUB_ADMIN_KEY_HASHES"] = SecretHash.Sha256Hex(AdminKey) });
        Admin = new HttpClient { BaseAddress = _hub.Address };
        Admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
    }

    public async Task DisposeAsync()
    {
        Admin?.Dispose();
        if (_hub is not null)
        {
            await _hub.DisposeAsync();
        }
    }
}
