using Microsoft.Extensions.Options;

namespace Uptime.Hub.Database;

/// <summary>The hub cannot start without a database.</summary>
public sealed class DatabaseOptionsValidation : IValidateOptions<DatabaseOptions>
{
    public ValidateOptionsResult Validate(string? name, DatabaseOptions options) =>
        options.ConnectionString.Length == 0 ? ValidateOptionsResult.Fail(DatabaseOptions.NotSet) : ValidateOptionsResult.Success;
}
