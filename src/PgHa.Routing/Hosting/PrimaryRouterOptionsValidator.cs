using Microsoft.Extensions.Options;

namespace PgHa.Routing.Hosting;

/// <summary>Validates <see cref="PrimaryRouterOptions"/> for the options system (<c>ValidateOnStart</c>), with the same rules and messages as the router.</summary>
public sealed class PrimaryRouterOptionsValidator : IValidateOptions<PrimaryRouterOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, PrimaryRouterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
