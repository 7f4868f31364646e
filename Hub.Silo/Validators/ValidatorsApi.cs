
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

    public static async Task<IReadOnlyList<ValidatorRecord>> ListAsync(ValidatorRepository validators, CancellationToken cancellationToken) =>
        await validators.ListAsync(cancellationToken);
}
