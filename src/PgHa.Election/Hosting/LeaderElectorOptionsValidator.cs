using Microsoft.Extensions.Options;

namespace PgHa.Election.Hosting;

/// <summary>Validates <see cref="LeaderElectorOptions"/> for the options system (<c>ValidateOnStart</c>), with the same rules and messages as the elector.</summary>
public sealed class LeaderElectorOptionsValidator : IValidateOptions<LeaderElectorOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, LeaderElectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
