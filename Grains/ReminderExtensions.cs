namespace Uptime.Grains;

/// <summary>Reminder helpers shared by the grains.</summary>
internal static class ReminderExtensions
{
    /// <summary>Unregisters the grain's reminder of that name if it has one (Orleans throws for a missing one).</summary>
    public static async Task UnregisterIfPresentAsync(this Grain grain, string reminderName)
    {
        var reminder = await grain.GetReminder(reminderName);
        if (reminder is not null)
        {
            await grain.UnregisterReminder(reminder);
        }
    }
}
