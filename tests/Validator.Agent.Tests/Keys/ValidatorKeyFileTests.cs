using System.Runtime.Versioning;
using Uptime.Agent.Keys;
using Uptime.Security;

namespace Uptime.Agent.Tests.Keys;

public sealed class ValidatorKeyFileTests : IDisposable
{
    private const string KeyHex = "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318";

    private readonly string _directory = Directory.CreateTempSubdirectory("agent-key-file-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void Write_CreatesOwnerOnlyFileInNewOwnerOnlyDirectories()
    {
        var path = Path.Combine(_directory, "nested", "key");
        var key = ValidatorKey.Generate();

        ValidatorKeyFile.Write(path, key);

        Assert.Equal(key.ToHex() + "\n", File.ReadAllText(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public void Write_ExistingFile_ThrowsAndKeepsIt()
    {
        var path = Path.Combine(_directory, "key");
        File.WriteAllText(path, "kept");

        Assert.Throws<IOException>(() => ValidatorKeyFile.Write(path, ValidatorKey.Generate()));

        Assert.Equal("kept", File.ReadAllText(path));
    }

    [Fact]
    public void TryRead_FileWithSpacesAndOtherCase_ReadsTheKey()
    {
        var path = Path.Combine(_directory, "key");
        File.WriteAllText(path, "  " + KeyHex.ToUpperInvariant().Replace("0X", "0x", StringComparison.Ordinal) + "\r\n\n");

        Assert.Equal(KeyHex, ValidatorKeyFile.TryRead(path)?.ToHex());
    }

    [Fact]
    public void TryRead_NoFile_ReturnsNullAndCreatesNothing()
    {
        Assert.Null(ValidatorKeyFile.TryRead(Path.Combine(_directory, "missing")));

        Assert.Empty(Directory.EnumerateFileSystemEntries(_directory));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a key\n")]
    [InlineData("0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f36231\n")]
    [InlineData("0x0000000000000000000000000000000000000000000000000000000000000000\n")]
    public void TryRead_BadContent_ThrowsFormatExceptionNamingTheFileAndKeepsIt(string content)
    {
        var path = Path.Combine(_directory, "key");
        File.WriteAllText(path, content);

        var exception = Assert.Throws<FormatException>(() => ValidatorKeyFile.TryRead(path));

        Assert.Contains(path, exception.Message, StringComparison.Ordinal);
        Assert.Equal(content, File.ReadAllText(path));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void OpenExclusive_NoFile_CreatesAnOwnerOnlyKeyFileAndHoldsIt()
    {
        var path = Path.Combine(_directory, "nested", "key");

        var (key, held, created) = ValidatorKeyFile.OpenExclusive(path);
        using (held)
        {
            Assert.True(created);
            var second = Assert.Throws<IOException>(() => ValidatorKeyFile.OpenExclusive(path));
            Assert.True(ValidatorKeyFile.IsHeldElsewhere(second));
        }

        Assert.Equal(key.ToHex() + "\n", File.ReadAllText(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public void OpenExclusive_ExistingFile_ReadsItAndHoldsItUntilDisposed()
    {
        var path = Path.Combine(_directory, "key");
        File.WriteAllText(path, KeyHex + "\n");

        var (key, held, created) = ValidatorKeyFile.OpenExclusive(path);
        var whileHeld = Assert.Throws<IOException>(() => ValidatorKeyFile.OpenExclusive(path));
        held.Dispose();
        var (again, heldAgain, _) = ValidatorKeyFile.OpenExclusive(path);
        heldAgain.Dispose();

        Assert.False(created);
        Assert.Equal(KeyHex, key.ToHex());
        Assert.True(ValidatorKeyFile.IsHeldElsewhere(whileHeld));
        Assert.Equal(KeyHex, again.ToHex());
    }
}
