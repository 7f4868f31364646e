using Uptime.Hub.Security;

namespace Uptime.Hub.Tests.Security;

public sealed class AdminKeysTests
{
    [Fact]
    public void Sha256Hex_KnownVector()
    {
        // printf %s abc | sha256sum
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", AdminKeys.Sha256Hex("abc"));
    }

    [Fact]
    public void Match_ConfiguredKey_ItsFingerprint()
    {
        var keys = Keys("first", "second");

        var fingerprint = keys.Match("second");

        Assert.Equal(AdminKeys.Fingerprint(Convert.FromHexString(AdminKeys.Sha256Hex("second"))), fingerprint);
        Assert.Matches("^[0-9a-f]{16}$", fingerprint);
        Assert.NotEqual(fingerprint, keys.Match("first"));
        Assert.True(keys.IsCurrent(fingerprint!));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Second")]
    [InlineData("second ")]
    [InlineData("3f1c")]
    public void Match_OtherKey_Null(string key)
    {
        Assert.Null(Keys("first", "second").Match(key));
    }

    [Fact]
    public void Match_NothingConfigured_NullAndNotConfigured()
    {
        var keys = Keys();

        Assert.False(keys.IsConfigured);
        Assert.Null(keys.Match("anything"));
    }

    [Fact]
    public void IsCurrent_KeyRemovedFromConfiguration_False()
    {
        var fingerprint = Keys("old", "new").Match("old")!;

        Assert.False(Keys("new").IsCurrent(fingerprint));
    }

    [Theory]
    [InlineData("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", true)]
    [InlineData("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD", true)]
    [InlineData("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a", false)]
    [InlineData("zz7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", false)]
    public void TryParseHash_64HexDigitsOnly(string text, bool valid)
    {
        Assert.Equal(valid, AdminKeys.TryParseHash(text, out var hash));
        Assert.Equal(valid ? 32 : null, hash?.Length);
    }

    private static AdminKeys Keys(params string[] keys) =>
        new([.. keys.Select(k => Convert.FromHexString(AdminKeys.Sha256Hex(k)))]);
}
