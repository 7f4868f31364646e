using Uptime.Grains;

namespace Uptime.Hub.Ticks;

/// <summary>Asks a website whether it admits a tick (see <see cref="IWebsiteGrain.RecordTickAsync"/>).</summary>
internal interface ITickAdmission
{
    Task<TickOutcome> RecordTickAsync(Guid websiteId, TickReport report);
}

/// <summary>Admission by the website's grain.</summary>
internal sealed class WebsiteGrainAdmission(IGrainFactory grains) : ITickAdmission
{
    public Task<TickOutcome> RecordTickAsync(Guid websiteId, TickReport report) =>
        grains.GetGrain<IWebsiteGrain>(websiteId).RecordTickAsync(report);
}
