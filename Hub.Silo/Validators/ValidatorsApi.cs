using Uptime.Hub.Database;

namespace Uptime.Hub.Validators;

/// <summary><c>/api/validators</c>: the validators that ever registered, with their online state.</summary>
public static class ValidatorsApi
{
    public static IEndpointRouteBuilder MapValidatorsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/validators", ListAsync).WithTags("Validators")
            .WithName("ListValidators").WithSummary("Lists the validators that ever registered, with their online state.");
        return app;
    }

    /// <summary>
    /// The validators table (offline validators and stored tick counts included, which no silo holds in memory); while the
    /// database is unavailable, this silo's last answer, marked stale.
    /// </summary>
    public static Task<IReadOnlyList<ValidatorRecord>> ListAsync(
        ValidatorRepository validators, LastAnswers<Type, IReadOnlyList<ValidatorRecord>> lastLists, HttpResponse response,
        CancellationToken cancellationToken) =>
        lastLists.ReadAsync(typeof(ValidatorRecord), () => validators.ListAsync(cancellationToken), response);
}
