using System.Security.Cryptography;
using System.Text;

namespace Uptime.Grains.Tests;

public class ValidatorIdsTests
{
    // The namespace is part of the contract: changing it changes every validator's id.
    private const string ValidatorNamespace = "5f0c8a52-3c1e-4b59-9a57-1d3f0e2a7c41";
    private const string Address = "0x52908400098527886E0F7030069857D2E4169EE7";

    [Fact]
    public void FromPublicKey_SameKeyDifferentCasing_ReturnsSameId()
    {
        var mixed = ValidatorIds.FromPublicKey(Address);
        var lower = ValidatorIds.FromPublicKey(Address.ToLowerInvariant());
        var upper = ValidatorIds.FromPublicKey(Address.ToUpperInvariant());

        Assert.Equal(lower, mixed);
        Assert.Equal(lower, upper);
    }

    [Fact]
    public void FromPublicKey_DifferentKeys_ReturnDifferentIds()
    {
        var first = ValidatorIds.FromPublicKey("0x742d35Cc6634C0532925a3b844Bc9e7595f0bEb1");
        var second = ValidatorIds.FromPublicKey("0x742d35Cc6634C0532925a3b844Bc9e7595f0bEb2");

        Assert.NotEqual(first, second);
    }

    [Theory]
    [InlineData(Address)]
    [InlineData("0x0000000000000000000000000000000000000000")]
    [InlineData("")]
    public void FromPublicKey_AnyKey_IsVersion5WithRfcVariant(string publicKey)
    {
        var text = ValidatorIds.FromPublicKey(publicKey).ToString("D");

        Assert.Equal('5', text[14]);
        Assert.Contains(text[19], "89ab");
    }

    [Fact]
    public void NameBasedV5_RfcExample_MatchesPublishedVector()
    {
        // RFC 9562 appendix A.4: the DNS namespace and "www.example.com".
        var id = NameBasedV5("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "www.example.com");

        Assert.Equal(Guid.Parse("2ed6657d-e927-568b-95e1-2665a8aea6a2"), id);
    }

    [Fact]
    public void FromPublicKey_KnownAddress_MatchesIndependentRfc9562Computation()
    {
        var expected = NameBasedV5(ValidatorNamespace, Address.ToLowerInvariant());

        Assert.Equal(expected, ValidatorIds.FromPublicKey(Address));
        // Computed once with Python's uuid.uuid5 from the same namespace and lower-cased address.
        Assert.Equal(Guid.Parse("b063a6dc-f1b0-5cd6-904d-3f8d33f3426c"), ValidatorIds.FromPublicKey(Address));
    }

    /// <summary>RFC 9562 §5.5 written out on the UUIDs' text form, independent of <see cref="Guid"/>'s byte layout.</summary>
    private static Guid NameBasedV5(string namespaceId, string name)
    {
        byte[] input = [.. Convert.FromHexString(namespaceId.Replace("-", "", StringComparison.Ordinal)), .. Encoding.UTF8.GetBytes(name)];
        var hash = SHA1.HashData(input);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return Guid.ParseExact(Convert.ToHexString(hash, 0, 16), "N");
    }
}
