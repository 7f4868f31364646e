using System.Net.WebSockets;
using Uptime.EndToEnd.Tests.Infrastructure;
using Uptime.Protocol;
using TickStatus = Uptime.Protocol.TickStatus;

namespace Uptime.EndToEnd.Tests;

/// <summary>A real hub with <c>HUB_VALIDATOR_ENROLLMENT=approval</c>: a new key waits as pending until an operator approves it.</summary>
[Collection(HubCollection.Name)]
public sealed class ValidatorEnrollmentTests(ApprovalHubFixture fixture) : IClassFixture<ApprovalHubFixture>
{
    private HubProcess Hub => fixture.Hub;

    [Fact]
    public async Task Register_NewKey_PendingUntilApprovedThenRegistersGetsChecksAndItsTicksAreStored()
    {
        var websiteId = (await Hub.CreateWebsiteAsync("https://example.com/approval", 10)).GetProperty("id").GetGuid();
        var publicKey = AgentProcess.NewPublicKey();

        await using (var pending = await HubClient.ConnectAsync(Hub))
        {
            await pending.SendAsync(new RegisterMessage(publicKey, "E2E Lab"));
            var (messages, status, description) = await pending.ReceiveUntilCloseAsync(TimeSpan.FromSeconds(5));

            var error = Assert.IsType<ErrorMessage>(Assert.Single(messages));
            Assert.Equal(ErrorCodes.PendingApproval, error.Code);
            Assert.StartsWith($"validator {publicKey} is waiting for an operator's approval (HUB_VALIDATOR_ENROLLMENT=approval)", error.Message);
            Assert.Equal((WebSocketCloseStatus.PolicyViolation, "registration refused: pending_approval"), (status, description));
        }

        var row = await Hub.Database.ValidatorAsync(publicKey);
        var listed = (await Hub.ListedValidatorAsync(row!.Id))!.Value;
        Assert.Equal(("pending", false), (listed.GetProperty("state").GetString(), listed.GetProperty("online").GetBoolean()));

        var approved = await Hub.ApproveAsync(row.Id);
        await using var client = await HubClient.ConnectAsync(Hub);
        await client.RegisterAsync(publicKey);
        var check = await client.ReceiveCheckForAsync(websiteId, TimeSpan.FromSeconds(15));
        await client.SendAsync(HubClient.Answer(check, TickStatus.Good, 12, DateTime.UtcNow));

        Assert.Equal("active", approved.GetProperty("state").GetString());
        await Eventually.UntilAsync(
            () => Hub.Database.TickCountAsync(row.Id),
            count => count > 0,
            TimeSpan.FromSeconds(10),
            _ => $"the approved validator's tick was not stored{Hub.Diagnostics}");
    }

    [Fact]
    public async Task Register_PendingKeyAgain_StillPending()
    {
        var publicKey = AgentProcess.NewPublicKey();
        for (var attempt = 0; attempt < 2; attempt++)
        {
            await using var client = await HubClient.ConnectAsync(Hub);
            await client.SendAsync(new RegisterMessage(publicKey, "E2E Lab"));
            var (messages, _, _) = await client.ReceiveUntilCloseAsync(TimeSpan.FromSeconds(5));
            Assert.Equal(ErrorCodes.PendingApproval, Assert.IsType<ErrorMessage>(Assert.Single(messages)).Code);
        }

        Assert.False((await Hub.Database.ValidatorAsync(publicKey))!.Online);
    }

    [Fact]
    public async Task Approve_ActiveValidator_200Unchanged()
    {
        var publicKey = AgentProcess.NewPublicKey();
        await using (var client = await HubClient.ConnectAsync(Hub))
        {
            await client.SendAsync(new RegisterMessage(publicKey, "E2E Lab"));
            await client.ReceiveUntilCloseAsync(TimeSpan.FromSeconds(5));
        }

        var id = (await Hub.Database.ValidatorAsync(publicKey))!.Id;
        await Hub.ApproveAsync(id);

        Assert.Equal("active", (await Hub.ApproveAsync(id)).GetProperty("state").GetString());
    }
}
