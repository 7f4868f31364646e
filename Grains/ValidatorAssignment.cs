using System.Buffers.Binary;

namespace Uptime.Grains;

/// <summary>
/// Which online validators a website's checks go to, from its <see cref="VerdictPolicy.Regions"/> and
/// <see cref="VerdictPolicy.ValidatorsPerRegion"/>. Within a region the chosen ones are those with the highest rendezvous
/// score of (website, validator), validators that are not impaired first: a website keeps its validators while unrelated
/// ones come and go, and the websites spread evenly over a region's validators. Region names compare case-insensitively.
/// Only validators that can run the website's monitor (<see cref="MonitorSpec.Capability"/>) are chosen.
/// </summary>
public static class ValidatorAssignment
{
    /// <summary>
    /// Null when the policy narrows nothing (every online validator, the broadcast that costs nothing per check); else the
    /// ids chosen, empty when no online validator qualifies.
    /// </summary>
    public static Guid[]? TargetsOf(WebsiteDefinition website, IReadOnlyList<RosterValidator> online)
    {
        var policy = website.Verdict;
        if (policy.Regions is null && policy.ValidatorsPerRegion is null)
        {
            return null;
        }

        var covered = new List<Candidate>(online.Count);
        foreach (var validator in online)
        {
            if (policy.Covers(validator.Region) && validator.CanRun(website.Spec))
            {
                covered.Add(new Candidate(validator, Score(website.Id, validator.Id)));
            }
        }

        if (policy.ValidatorsPerRegion is not { } perRegion)
        {
            return [.. covered.Select(c => c.Validator.Id)];
        }

        covered.Sort(Candidate.RegionThenPreference);
        var chosen = new List<Guid>(covered.Count);
        for (var first = 0; first < covered.Count;)
        {
            var next = first;
            while (next < covered.Count && Candidate.SameRegion(covered[first], covered[next]))
            {
                if (next - first < perRegion)
                {
                    chosen.Add(covered[next].Validator.Id);
                }

                next++;
            }

            first = next;
        }

        return [.. chosen];
    }

    /// <summary>The rendezvous score of a validator for a website: a well-mixed 64-bit hash of both ids.</summary>
    internal static ulong Score(Guid websiteId, Guid validatorId)
    {
        Span<byte> bytes = stackalloc byte[32];
        websiteId.TryWriteBytes(bytes, bigEndian: true, out _);
        validatorId.TryWriteBytes(bytes[16..], bigEndian: true, out _);
        var hash = 0x9E3779B97F4A7C15UL;
        for (var offset = 0; offset < bytes.Length; offset += sizeof(ulong))
        {
            hash = Mix(hash ^ BinaryPrimitives.ReadUInt64BigEndian(bytes[offset..]));
        }

        return hash;
    }

    /// <summary>The SplitMix64 finalizer: every input bit flips about half of the output bits.</summary>
    private static ulong Mix(ulong value)
    {
        value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9UL;
        value = (value ^ (value >> 27)) * 0x94D049BB133111EBUL;
        return value ^ (value >> 31);
    }

    private readonly record struct Candidate(RosterValidator Validator, ulong Score)
    {
        public static bool SameRegion(Candidate a, Candidate b) =>
            string.Equals(a.Validator.Region, b.Validator.Region, StringComparison.OrdinalIgnoreCase);

        /// <summary>By region, then healthy before impaired, then by score, highest first (the id breaks a tie).</summary>
        public static int RegionThenPreference(Candidate a, Candidate b)
        {
            var byRegion = string.Compare(a.Validator.Region, b.Validator.Region, StringComparison.OrdinalIgnoreCase);
            if (byRegion != 0)
            {
                return byRegion;
            }

            var byHealth = a.Validator.Impaired.CompareTo(b.Validator.Impaired);
            if (byHealth != 0)
            {
                return byHealth;
            }

            var byScore = b.Score.CompareTo(a.Score);
            return byScore != 0 ? byScore : a.Validator.Id.CompareTo(b.Validator.Id);
        }
    }
}
