using DevLab.JmesPath;
using DevLab.JmesPath.Expressions;

namespace Uptime.Protocol.Checks;

/// <summary>JMESPath expressions of JSON assertions, parsed the same way where they are saved (the hub) and run (the agent).</summary>
public static class JmesPathExpressions
{
    // The JmesPath facade keeps evaluation scope between calls, so each thread has its own.
    [ThreadStatic]
    private static JmesPath? _jmesPath;

    public static JmesPath Engine => _jmesPath ??= new JmesPath();

    /// <summary>The parsed <paramref name="expression"/>, or null with the parser's reason in <paramref name="problem"/>.</summary>
    public static JmesPathExpression? Parse(string expression, out string? problem)
    {
        problem = null;
        try
        {
            return Engine.Parse(expression);
        }
        catch (Exception e)
        {
            // JmesPath.Net reports syntax errors and unknown functions as System.Exception.
            problem = e.Message;
            return null;
        }
    }
}
