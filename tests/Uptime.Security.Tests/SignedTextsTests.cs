namespace Uptime.Security.Tests;

public class SignedTextsTests
{
    private static readonly Guid _websiteId = Guid.Parse("3F2504E0-4F89-11D3-9A0C-0305E82C3301");

    [Fact]
    public void Registration_IsTheExactTextOfTheIssue()
    {
        var text = SignedTexts.Registration("0x2c7536E3605D9C16a7a3D7b1898e529396a65c23", "US-East Virginia", "ab01");

        Assert.Equal(
            "Uptime validator registration\naddress: 0x2c7536E3605D9C16a7a3D7b1898e529396a65c23\nlocation: US-East Virginia\nnonce: ab01",
            text);
    }

    [Fact]
    public void Tick_WithoutErrorAndTickId_LeavesThoseLinesEmpty()
    {
        var text = SignedTexts.Tick(_websiteId, "UP", 123.45, new DateTime(2024, 5, 1, 12, 0, 0, DateTimeKind.Utc), null, null);

        Assert.Equal(
            "Uptime tick\nwebsiteId: 3f2504e0-4f89-11d3-9a0c-0305e82c3301\nstatus: UP\nlatency: 123.45\n"
            + "timestamp: 2024-05-01T12:00:00.0000000Z\nerror: \ntickId: ",
            text);
    }

    [Fact]
    public void Tick_WithAllFields_RoundTripsLatencyAndFormatsTickId()
    {
        var tickId = Guid.Parse("0B8D7C4E-1111-2222-3333-444455556666");
        var timestamp = new DateTime(2024, 5, 1, 12, 0, 0, DateTimeKind.Utc).AddTicks(1234567);

        var text = SignedTexts.Tick(_websiteId, "DOWN", 0.1 + 0.2, timestamp, "timeout: no response", tickId);

        Assert.Equal(
            "Uptime tick\nwebsiteId: 3f2504e0-4f89-11d3-9a0c-0305e82c3301\nstatus: DOWN\nlatency: 0.30000000000000004\n"
            + "timestamp: 2024-05-01T12:00:00.1234567Z\nerror: timeout: no response\ntickId: 0b8d7c4e-1111-2222-3333-444455556666",
            text);
    }

    [Fact]
    public void Tick_Refused_AddsALastLineOtherwiseTheTextBeforeTheFieldExisted()
    {
        var timestamp = new DateTime(2024, 5, 1, 12, 0, 0, DateTimeKind.Utc);

        var refused = SignedTexts.Tick(_websiteId, "Bad", 0, timestamp, "Refused: 127.0.0.1 is a loopback address", null, refused: true);
        var notRefused = SignedTexts.Tick(_websiteId, "Bad", 0, timestamp, "HTTP 500", null, refused: false);

        Assert.Equal(
            "Uptime tick\nwebsiteId: 3f2504e0-4f89-11d3-9a0c-0305e82c3301\nstatus: Bad\nlatency: 0\ntimestamp: 2024-05-01T12:00:00.0000000Z\n"
            + "error: Refused: 127.0.0.1 is a loopback address\ntickId: \nrefused: true",
            refused);
        Assert.Equal(SignedTexts.Tick(_websiteId, "Bad", 0, timestamp, "HTTP 500", null), notRefused);
        Assert.EndsWith("\ntickId: ", notRefused, StringComparison.Ordinal);
    }

    [Fact]
    public void Tick_TimestampKinds_AllWrittenAsTheSameUtcInstant()
    {
        var utc = new DateTime(2024, 5, 1, 12, 0, 0, DateTimeKind.Utc);

        var fromUtc = SignedTexts.Tick(_websiteId, "UP", 1, utc, null, null);
        var fromLocal = SignedTexts.Tick(_websiteId, "UP", 1, utc.ToLocalTime(), null, null);
        var fromUnspecified = SignedTexts.Tick(_websiteId, "UP", 1, DateTime.SpecifyKind(utc, DateTimeKind.Unspecified), null, null);

        Assert.Equal(fromUtc, fromLocal);
        Assert.Equal(fromUtc, fromUnspecified);
    }
}
