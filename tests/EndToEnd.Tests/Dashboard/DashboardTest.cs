using Uptime.EndToEnd.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Uptime.EndToEnd.Tests.Dashboard;

/// <summary>
/// A class of dashboard tests against one hub of <typeparamref name="TFixture"/>, whose Playwright expectations wait as
/// long as the browser's own actions do; in the hub collection, whose PostgreSQL server the hub's database is on.
/// </summary>
[Collection(HubCollection.Name)]
public abstract class DashboardTest<TFixture> : IClassFixture<TFixture>
    where TFixture : HubFixture
{
    protected DashboardTest(TFixture fixture)
    {
        Fixture = fixture;
        SetDefaultExpectTimeout((float)DashboardBrowser.DefaultTimeout.TotalMilliseconds);
    }

    protected TFixture Fixture { get; }

    private protected HubProcess Hub => Fixture.Hub;
}
