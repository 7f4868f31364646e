using System.Security.Cryptography;

namespace Uptime.Security;

public static class Nonce
{
    /// <summary>32 random bytes from the system CSPRNG as 64 lowercase hex digits.</summary>
    public static string Create() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
}
