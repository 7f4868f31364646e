using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Uptime.Grains.Tests;

/// <summary>
/// Website grain state rows written by earlier versions must keep reading: <see cref="StoredRow"/> is a state as
/// the hub at commit e7fe8d3 stored it (RecentTick and ValidatorLastTick were classes then; they are structs now,
/// to save two objects per tick). ValidatorLastTick has since gained <c>DueAt</c> (field 6): an old row reads it as
/// <see cref="DateTime.MinValue"/>, and an older hub skips the field (Orleans' codecs are version tolerant). The row
/// also holds the status (fields 0 and 1), which the state no longer keeps: reading skips them.
/// </summary>
public sealed class WebsiteStateFormatTests
{
    private const string StoredRow =
        "200009810048D7C75553DF480192260182252101054121B0A5930100000070800000000000000120E84021B0A5930100000070800000000000000101038100000000000029408180DE6FC85553DF48C10181007508C95553DF48E04021B0A5930100000070800000000000000220E84021B0A59301000000708000000000000002010181000000000070A74081800BA1C95553DF48411148545450203530308100A239CA5553DF48E0E021003D21E8000381000000000000F83F8180DE6FC85553DF48E020E8000381000000000000084081007508C95553DF48E020E8000181000000000000124081800BA1C95553DF48E020E800038100000000000018408100A239CA5553DF48E020E80003810000000000001E40818038D2CA5553DF48E020E800018100000000000022408100CF6ACB5553DF48E020E8000381000000000000254081806503CC5553DF48E020E800038100000000000028408100FC9BCC5553DF48E020E80001810000000000002B4081809234CD5553DF48E020E80003810000000000002E40810029CDCD5553DF48E020E800038100000000008030408180BF65CE5553DF48E020E80001810000000000003240810056FECE5553DF48E020E800038100000000008033408180EC96CF5553DF48E020E800038100000000000035408100832FD05553DF48E020E80001810000000000803640818019C8D05553DF48E020E800038100000000000038408100B060D15553DF48E020E80003810000000000803940818046F9D15553DF48E020E80001810000000000003B408100DD91D25553DF48E020E80003810000000000803C408180732AD35553DF48E020E80003810000000000003E4081000AC3D35553DF48E020E80001810000000000803F408180A05BD45553DF48E020E80003810000000000804040810037F4D45553DF48E020E800038100000000004041408180CD8CD55553DF48E020E8000181000000000000424081006425D65553DF48E020E80003810000000000C042408180FABDD65553DF48E020E8000381000000000080434081009156D75553DF48E020E80001810000000000404440818027EFD75553DF48E020E800038100000000000045408100BE87D85553DF48E020E80003810000000000C0454081805420D95553DF48E020E800018100000000008046408100EBB8D95553DF48E0E0E0";

    private static readonly DateTime _t0 = new(2026, 12, 6, 5, 0, 0, DateTimeKind.Utc);
    private static readonly Guid _good = Guid.Parse("0193a5b0-0000-7000-8000-000000000001");
    private static readonly Guid _bad = Guid.Parse("0193a5b0-0000-7000-8000-000000000002");
    private static readonly Serializer _serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

    [Fact]
    public void A_stored_row_of_the_earlier_format_reads_back_whole()
    {
        var state = _serializer.Deserialize<WebsiteState>(Convert.FromHexString(StoredRow))!;

        Assert.Equal((1234, 1200), (state.TicksReceived, state.GoodTicks));
        Assert.Equal(new ValidatorLastTick(_good, true, 12.5, _t0.AddSeconds(1), null, _t0.AddSeconds(2)), state.LastTicks[_good]);
        Assert.Equal(new ValidatorLastTick(_bad, false, 3000, _t0.AddSeconds(3), "HTTP 500", _t0.AddSeconds(4)), state.LastTicks[_bad]);
        Assert.Equal(Enumerable.Range(1, 30).Select(Recent), state.Recent);
    }

    [Fact]
    public void The_current_format_keeps_the_due_times()
    {
        var state = new WebsiteState { TicksReceived = 1234, GoodTicks = 1200 };
        state.LastTicks[_good] = new ValidatorLastTick(_good, true, 12.5, _t0.AddSeconds(1), null, _t0.AddSeconds(2), _t0);
        state.LastTicks[_bad] = new ValidatorLastTick(_bad, false, 3000, _t0.AddSeconds(3), "HTTP 500", _t0.AddSeconds(4), _t0.AddSeconds(2));
        foreach (var tick in Enumerable.Range(1, 30).Select(Recent))
        {
            state.Recent.Enqueue(tick);
        }

        var written = _serializer.SerializeToArray(state);
        var read = _serializer.Deserialize<WebsiteState>(written)!;

        Assert.Equal(state.LastTicks, read.LastTicks);
        Assert.Equal(state.Recent, read.Recent);
    }

    private static RecentTick Recent(int i) => new(i % 3 != 0, i * 1.5, _t0.AddSeconds(i));
}
