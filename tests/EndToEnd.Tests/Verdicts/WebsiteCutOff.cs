namespace Uptime.EndToEnd.Tests.Verdicts;

/// <summary>A switch that cuts validators off one website: once started, <see cref="Covers"/> says so for that website's checks.</summary>
internal sealed class WebsiteCutOff
{
    private Guid _websiteId;
    private volatile bool _started;

    public void Start(Guid websiteId)
    {
        _websiteId = websiteId;
        _started = true;
    }

    public bool Covers(ReceivedCheck check) => _started && check.WebsiteId == _websiteId;
}
