using Uptime.Hub.Access;
using Uptime.Security;

namespace Uptime.Hub.Tests.Access;

public sealed class AdminKeysTests
{
    [Fact]
    public void Sha256Hex_KnownVector()
    {
        // printf %s abc | sha256sum
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", SecretHash.Sha256Hex("abc"));
    }

    [Fact]
    public void Match_ConfiguredKey_ItsFingerprint()
    {
        var keys = Keys("first", "second");

        var fingerprint = keys.Match("second");

        Assert.Equal(AdminKeys.Fingerprint(Convert.FromHexString(SecretHash.Sha256Hex("second"))), fingerprint);
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

    private static AdminKeys Keys(params string[] keys) =>
        new([.. keys.Select(k => Convert.FromHexString(SecretHash.Sha256Hex(k)))]);
}
