using System.Diagnostics;
using System.Globalization;

namespace Uptime.Bench;

/// <summary>
/// What a person sees during the run: once a second a page of <c>GET /api/websites?limit=100&amp;offset=k</c> (k random),
/// and every fifth second a dashboard load (<c>GET /</c> then the first page of <c>/api/dashboard</c> exactly as the
/// page asks for it, <see cref="DashboardFirstPage"/>), one request at a time.
/// </summary>
internal sealed class ApiProbe(string hubBase, int websites)
{
    /// <summary>What Hub.Silo/wwwroot/app.js requests at load: 100 websites from offset 0, no filter, sorted by status.</summary>
    public const string DashboardFirstPage = "/api/dashboard?limit=100&offset=0&sort=status&order=asc";

    private readonly List<double> _websitesPage = [];
    private readonly List<double> _dashboard = [];
    private int _errors;

    public Percentiles WebsitesPage => Percentiles.Of(_websitesPage);

    public Percentiles DashboardLoad => Percentiles.Of(_dashboard);

    public int WebsitesPageSamples => _websitesPage.Count;

    public int DashboardSamples => _dashboard.Count;

    public int Errors => _errors;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var client = Http.CreateClient(4);
        var random = new Random(42);
        for (var second = 0; !cancellationToken.IsCancellationRequested; second++)
        {
            var started = Stopwatch.StartNew();
            try
            {
                var offset = websites <= 100 ? 0 : random.Next(0, websites - 100);
                var page = await TimeAsync(client, string.Create(
                    CultureInfo.InvariantCulture, $"{hubBase}/api/websites?limit=100&offset={offset}"), cancellationToken);
                Record(_websitesPage, page);
                if (second % 5 == 2)
                {
                    var index = await TimeAsync(client, hubBase + "/", cancellationToken);
                    var dashboard = await TimeAsync(client, hubBase + DashboardFirstPage, cancellationToken);
                    Record(_dashboard, index is null || dashboard is null ? null : index + dashboard);
                }

                var rest = TimeSpan.FromSeconds(1) - started.Elapsed;
                if (rest > TimeSpan.Zero)
                {
                    await Task.Delay(rest, cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private void Record(List<double> samples, double? milliseconds)
    {
        if (milliseconds is { } value)
        {
            samples.Add(value);
        }
        else
        {
            _errors++;
        }
    }

    /// <summary>The time to the whole response body, in ms; null for a failure (non-2xx or no answer within 30 s).</summary>
    private static async Task<double?> TimeAsync(HttpClient client, string url, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        try
        {
            using var response = await client.GetAsync(url, HttpCompletionOption.ResponseContentRead, timeout.Token);
            return response.IsSuccessStatusCode ? watch.Elapsed.TotalMilliseconds : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
