using System.Text;
using Uptime.Security;

namespace Uptime.Agent.Keys;

/// <summary>
/// A validator key file: "0x" and 64 hex digits on one line, readable and writable by its owner only (0600), in
/// directories created 0700. Messages name the file, never the key.
/// </summary>
internal static class ValidatorKeyFile
{
    /// <summary>HResult of opening a file another process holds: ERROR_SHARING_VIOLATION on Windows.</summary>
    private const int SharingViolation = unchecked((int)0x80070020);

    /// <summary>HResult of opening a file another process holds: EWOULDBLOCK from flock on Linux.</summary>
    private const int WouldBlock = 11;

    /// <summary>Writes <paramref name="key"/> to a new file; an <see cref="IOException"/> when the file exists.</summary>
    public static void Write(string path, ValidatorKey key)
    {
        using var stream = CreateNew(path);
        WriteKey(stream, key);
    }

    /// <summary>The key in the file, or null when there is no such file.</summary>
    /// <exception cref="FormatException">The file does not hold a key; the message names the file.</exception>
    public static ValidatorKey? TryRead(string path) => File.Exists(path) ? Parse(path, File.ReadAllText(path)) : null;

    /// <summary>
    /// Opens the key file for this process alone, creating it with a new key when it is missing. The returned stream
    /// holds an advisory lock (flock on Linux) until it is disposed or the process ends, so a second agent opening the
    /// same file gets an <see cref="IOException"/> for which <see cref="IsHeldElsewhere"/> is true.
    /// </summary>
    /// <exception cref="FormatException">The file does not hold a key; the message names the file.</exception>
    public static (ValidatorKey Key, FileStream Lock, bool Created) OpenExclusive(string path)
    {
        if (!File.Exists(path))
        {
            try
            {
                var created = CreateNew(path);
                return (WriteKey(created, ValidatorKey.Generate()), created, true);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another agent created it meanwhile: open it as an existing file.
            }
        }

        var existing = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None);
        try
        {
            using var reader = new StreamReader(existing, Encoding.ASCII, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
            return (Parse(path, reader.ReadToEnd()), existing, false);
        }
        catch
        {
            existing.Dispose();
            throw;
        }
    }

    /// <summary>Whether <paramref name="exception"/> says another process holds the file (see <see cref="OpenExclusive"/>).</summary>
    public static bool IsHeldElsewhere(IOException exception) => exception.HResult is SharingViolation or WouldBlock;

    private static FileStream CreateNew(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return new FileStream(path, options);
    }

    private static ValidatorKey WriteKey(FileStream stream, ValidatorKey key)
    {
        stream.Write(Encoding.ASCII.GetBytes(key.ToHex() + "\n"));
        stream.Flush(flushToDisk: true);
        return key;
    }

    private static ValidatorKey Parse(string path, string text)
    {
        try
        {
            return ValidatorKey.FromHex(text.Trim());
        }
        catch (FormatException e)
        {
            throw new FormatException($"Key file {path} does not hold a valid private key: {e.Message}", e);
        }
    }
}
