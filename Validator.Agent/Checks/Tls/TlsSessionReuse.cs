using System.Net.Security;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Uptime.Agent.Checks.Tls;

/// <summary>
/// Whether an <see cref="SslStream"/>'s handshake resumed a session: .NET has no public API for it, so this asks
/// OpenSSL (<c>SSL_session_reused</c>) through the runtime's own native shim, on the SSL handle SslStream keeps in its
/// private <c>_securityContext</c> field (a SafeHandle on Linux in .NET 10). Null when that field or export is not
/// there (another platform or runtime); a test against a real TLS server fails when either moves.
/// </summary>
internal static partial class TlsSessionReuse
{
    private const string RuntimeOpenSslShim = "libSystem.Security.Cryptography.Native.OpenSsl";

    private static readonly FieldInfo? _securityContext =
        typeof(SslStream).GetField("_securityContext", BindingFlags.Instance | BindingFlags.NonPublic);

    public static bool? WasResumed(SslStream stream)
    {
        if (_securityContext?.GetValue(stream) is not SafeHandle ssl || ssl.IsInvalid)
        {
            return null;
        }

        var added = false;
        try
        {
            ssl.DangerousAddRef(ref added);
            return SslSessionReused(ssl.DangerousGetHandle()) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or ObjectDisposedException)
        {
            return null;
        }
        finally
        {
            if (added)
            {
                ssl.DangerousRelease();
            }
        }
    }

    [LibraryImport(RuntimeOpenSslShim, EntryPoint = "CryptoNative_SslSessionReused")]
    private static partial int SslSessionReused(IntPtr ssl);
}
