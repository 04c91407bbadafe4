namespace PgHa.Testing.Tests.Support;

/// <summary>The options property tests' rule for rejected options, shared by the projects that link this file.</summary>
internal static class OptionsRejection
{
    /// <summary>
    /// Options that Validate() rejected: the constructor threw an <see cref="ArgumentException"/> that carries every
    /// message, and each message names one of <paramref name="settingNames"/>.
    /// </summary>
    public static void ShouldBeRejectedNamingTheSettings(Exception? thrown, IReadOnlyList<string> errors, IReadOnlyCollection<string> settingNames)
    {
        thrown.Should().BeOfType<ArgumentException>("Validate() said: {0}", string.Join(" ", errors));
        foreach (var error in errors)
        {
            settingNames.Should().Contain(n => error.Contains(n, StringComparison.Ordinal), "every message names the setting: '{0}'", error);
            thrown!.Message.Should().Contain(error);
        }
    }
}
