namespace PgHa.Testing.Validation;

/// <summary>
/// Kube's <c>names.SimpleNameGenerator</c> for <c>metadata.generateName</c>: the prefix, cut to 58
/// characters, plus five random characters from kube's alphabet (no vowels, no 0/1/3, so no words and no
/// look-alikes).
/// </summary>
internal static class NameGenerator
{
    public const int MaxNameLength = 63;
    public const int RandomLength = 5;
    public const int MaxGeneratedNameLength = MaxNameLength - RandomLength;

    /// <summary>The characters kube's <c>utilrand.String</c> draws from.</summary>
    public const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";

    /// <summary>
    /// The name kube would generate for <paramref name="prefix"/>. Pure: all randomness comes from
    /// <paramref name="random"/>, so a seeded <see cref="Random"/> gives repeatable names. The result is not
    /// validated here; kube validates it as the object's name afterwards.
    /// </summary>
    public static string GenerateName(string prefix, Random random)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(random);

        // Kube cuts at 58 bytes; prefixes that pass validation are ASCII, where bytes and chars agree.
        var kept = Math.Min(prefix.Length, MaxGeneratedNameLength);
        return string.Create(kept + RandomLength, (prefix, random), static (span, state) =>
        {
            var keep = span.Length - RandomLength;
            state.prefix.AsSpan(0, keep).CopyTo(span);
            for (var i = keep; i < span.Length; i++)
            {
                span[i] = Alphabet[state.random.Next(Alphabet.Length)];
            }
        });
    }
}
