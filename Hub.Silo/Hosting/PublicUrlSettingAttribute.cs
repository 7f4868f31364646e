using Uptime.Settings;

namespace Uptime.Hub.Hosting;

/// <summary>
/// The absolute http(s) URL the hub is reached at from outside (through any proxy), e.g. <c>https://uptime.example.com/</c>:
/// no credentials, query or fragment; a path is kept, and the value is stored with a trailing slash so that relative paths
/// resolve under it.
/// </summary>
public sealed class PublicUrlSettingAttribute : SettingAttribute
{
    public override object? Parse(string variable, string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new FormatException($"{variable} must be an absolute http:// or https:// URL such as https://uptime.example.com/, got \"{text}\"");
        }

        if (uri.UserInfo.Length > 0 || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            throw new FormatException($"{variable} must have no credentials, query or fragment, got \"{text}\"");
        }

        return uri.AbsolutePath.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
    }
}
