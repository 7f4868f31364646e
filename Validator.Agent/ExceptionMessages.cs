namespace Uptime.Agent;

/// <summary>Turns an exception chain into one readable line for logs and tick errors.</summary>
internal static class ExceptionMessages
{
    /// <summary>
    /// Joins the messages of the chain, outermost first, without final periods, skipping "see inner exception"
    /// placeholders and messages already contained in an outer one: "Connection refused (127.0.0.1:1234)" rather
    /// than that plus "Connection refused".
    /// </summary>
    public static string Describe(Exception exception)
    {
        var parts = new List<string>();
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            var message = current.Message.Trim().TrimEnd('.');
            var isPlaceholder = message.Contains("inner exception", StringComparison.OrdinalIgnoreCase);
            var isRepeated = parts.Exists(part => part.Contains(message, StringComparison.Ordinal));
            if (message.Length > 0 && !isPlaceholder && !isRepeated)
            {
                parts.Add(message);
            }
        }

        return parts.Count > 0 ? string.Join(": ", parts) : exception.GetType().Name;
    }
}
