using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Uptime.Settings;

/// <summary>
/// Options bound from environment variables: each property with a <see cref="SettingAttribute"/> is read from the variable
/// its <see cref="ConfigurationKeyNameAttribute"/> names, so a setting's name, default, rule and documentation are one
/// declaration. A blank value (empty or only white space, as <c>HUB_URL=</c> in a shell or a compose file gives) keeps the
/// default, for every setting. The configuration binder is not used because it cannot keep the documented behaviour: it reads
/// a blank value as an error instead of the default, accepts hex numbers, reads "60" as 60 days for a TimeSpan and has no way to name the
/// variable and its range in the error.
/// </summary>
public static class EnvironmentSettings
{
    /// <summary>
    /// Registers <typeparamref name="T"/> bound from the configuration's environment variables and validated at start, and
    /// as itself for the services that read it. A bad value fails the options with one message naming its variable.
    /// </summary>
    public static OptionsBuilder<T> AddEnvironmentSettings<T>(this IServiceCollection services)
        where T : class
    {
        // From the monitor's cache, which validation at start fills: IOptions<T> would bind a second instance (and, for the
        // agent, try to hold its key file a second time).
        services.AddSingleton(provider => provider.GetRequiredService<IOptionsMonitor<T>>().CurrentValue);
        return services.AddOptions<T>().Configure<IConfiguration>(Bind).ValidateOnStart();
    }

    /// <summary>Sets every setting property of <paramref name="options"/> whose variable has a non-blank value in <paramref name="configuration"/>.</summary>
    public static void Bind<T>(T options, IConfiguration configuration)
        where T : class
    {
        foreach (var (property, setting) in SettingsOf(typeof(T)))
        {
            var variable = VariableOf(property);
            if (configuration[variable] is not { } text || string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            try
            {
                if (setting.Parse(variable, text) is { } value)
                {
                    property.SetValue(options, value);
                }
            }
            catch (FormatException e)
            {
                throw new OptionsValidationException(Options.DefaultName, typeof(T), [e.Message]);
            }
        }
    }

    /// <summary>Every environment variable mapped onto <paramref name="optionsType"/>, in declaration order.</summary>
    public static IEnumerable<string> VariablesOf(Type optionsType) => SettingsOf(optionsType).Select(setting => VariableOf(setting.Property));

    /// <summary>
    /// The one line a bad setting prints: the first failure of the options that <paramref name="exception"/> rejects (of the
    /// first, when validation at start rejects several), or null when it is no settings problem.
    /// </summary>
    public static string? ProblemOf(Exception exception) => exception switch
    {
        OptionsValidationException rejected => rejected.Failures.FirstOrDefault() ?? rejected.Message,
        AggregateException { InnerExceptions: [OptionsValidationException first, ..] } => ProblemOf(first),
        _ => null,
    };

    private static IEnumerable<(PropertyInfo Property, SettingAttribute Setting)> SettingsOf(Type optionsType) =>
        from property in optionsType.GetProperties()
        let setting = property.GetCustomAttribute<SettingAttribute>()
        where setting is not null
        select (property, setting);

    private static string VariableOf(PropertyInfo property) =>
        property.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name
        ?? throw new InvalidOperationException($"{property.DeclaringType?.Name}.{property.Name} has a setting rule but no ConfigurationKeyName");
}
