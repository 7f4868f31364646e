using Uptime.Hub.Hosting;
using Uptime.Security;
using Uptime.Settings;

namespace Uptime.Hub.Canaries;

/// <summary>
/// Comma-separated canary URLs, each an absolute http(s) URL of at most 2,048 characters without credentials (the rule for
/// website URLs, except that private addresses are allowed: the operator, not an API caller, chose them); unset means none.
/// </summary>
public sealed class CanaryUrlListSettingAttribute : SettingAttribute
{
    public override object? Parse(string variable, string text) =>
        CommaList.Items(text).Select(item => TargetUrlRule.CheckSyntax(item, allowPrivate: true, out var uri) is { } problem
            ? throw new FormatException($"{variable} must be a comma-separated list of http(s) URLs; \"{item}\" is not usable: {problem}")
            : uri!.AbsoluteUri).Distinct(StringComparer.Ordinal).ToArray();
}
