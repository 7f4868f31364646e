using System.Buffers.Binary;

namespace Uptime.Grains.Verdicts;

/// <summary>
/// Who checks a website again when one region first sees it fail: online validators that are not impaired, of the
/// website's regions other than the reporter's, one per region before a second of any region, at most
/// <c>count</c>. Within a region the order follows a hash of (website, validator), so each website spreads its
/// confirmations over the region's validators and every silo picks alike.
/// </summary>
public static class ConfirmationTargets
{
    public static Guid[] Choose(IReadOnlyList<RosterValidator> online, WebsiteDefinition website, string reporterRegion, Guid reporter, int count)
    {
        if (count <= 0)
        {
            return [];
        }

        var policy = website.Verdict;
        var byRegion = online
            .Where(v => !v.Impaired && v.Id != reporter && policy.Covers(v.Region) && v.CanRun(website.Spec)
                && !string.Equals(v.Region, reporterRegion, StringComparison.OrdinalIgnoreCase))
            .GroupBy(v => v.Region, StringComparer.OrdinalIgnoreCase)
            .Select(region => new Queue<Guid>(region.Select(v => v.Id).OrderBy(id => Rank(website.Id, id))))
            .OrderBy(region => Rank(website.Id, region.Peek()))
            .ToList();
        var chosen = new List<Guid>(count);
        while (chosen.Count < count && byRegion.Count > 0)
        {
            foreach (var region in byRegion)
            {
                if (chosen.Count < count && region.TryDequeue(out var id))
                {
                    chosen.Add(id);
                }
            }

            byRegion.RemoveAll(region => region.Count == 0);
        }

        return [.. chosen];
    }

    private static ulong Rank(Guid websiteId, Guid validatorId)
    {
        Span<byte> website = stackalloc byte[16];
        Span<byte> validator = stackalloc byte[16];
        websiteId.TryWriteBytes(website);
        validatorId.TryWriteBytes(validator);
        var mixed = BinaryPrimitives.ReadUInt64LittleEndian(website[8..]) ^ BinaryPrimitives.ReadUInt64LittleEndian(validator[8..]);
        return mixed * 0x9E3779B97F4A7C15UL;
    }
}
