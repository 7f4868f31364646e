using System.Net;
using Uptime.EndToEnd.Tests.Infrastructure;

namespace Uptime.EndToEnd.Tests.Chaos;

/// <summary>Waiting until a load balancer in front of silos forwards a request to one of them.</summary>
internal static class BalancerReadiness
{
    /// <summary>True once <c>GET /healthz</c> through <paramref name="http"/> answers 200; false after <paramref name="timeout"/> or when the balancer exited.</summary>
    public static async Task<bool> WaitUntilForwardingAsync(HttpClient http, Func<bool> hasExited, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && !hasExited())
        {
            try
            {
                using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                using var response = await http.GetAsync("healthz", attempt.Token);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return true;
                }
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(Eventually.Period);
        }

        return false;
    }
}
