using CsCheck;
using PgHa.Testing.Validation;

namespace PgHa.Testing.Tests.Validation;

public sealed class NameGeneratorTests
{
    [Fact]
    public void Appends_five_characters_of_kubes_alphabet()
    {
        var name = NameGenerator.GenerateName("acid-minimal-cluster-", new Random(42));

        name.Should().StartWith("acid-minimal-cluster-").And.HaveLength("acid-minimal-cluster-".Length + 5);
        name[^5..].ToCharArray().Should().OnlyContain(c => "bcdfghjklmnpqrstvwxz2456789".Contains(c));
    }

    [Fact]
    public void Is_repeatable_for_a_seeded_random()
    {
        NameGenerator.GenerateName("x-", new Random(7)).Should().Be(NameGenerator.GenerateName("x-", new Random(7)));
    }

    [Fact]
    public void Uses_every_character_of_the_alphabet_and_no_other()
    {
        var random = new Random(1);
        var seen = new HashSet<char>();
        for (var i = 0; i < 400; i++)
        {
            seen.UnionWith(NameGenerator.GenerateName("", random));
        }

        seen.Should().BeEquivalentTo(NameGenerator.Alphabet.ToHashSet());
    }

    [Fact]
    public void Cuts_long_prefixes_to_58_characters_like_kube()
    {
        var name = NameGenerator.GenerateName(new string('a', 70), new Random(3));

        name.Should().HaveLength(63);
        name[..58].Should().Be(new string('a', 58));
    }

    [Fact]
    public void Generated_names_of_valid_prefixes_are_valid_DNS_subdomains()
    {
        var label = Gen.Select(Gen.Char["a0z9"], Gen.Char["a0z9-"].Array[0, 20], Gen.Char["a0z9"])
            .Select((first, middle, last) => first + new string(middle) + last);
        var prefix = Gen.Select(label.Array[1, 6], Gen.Bool).Select((labels, dash) => string.Join('.', labels) + (dash ? "-" : ""));

        Gen.Select(prefix, Gen.Int).Sample((p, seed) =>
        {
            NameValidation.ValidateName(p, NameRule.Dns1123Subdomain, prefix: true).Should().BeEmpty();

            var name = NameGenerator.GenerateName(p, new Random(seed));

            NameValidation.IsDns1123Subdomain(name).Should().BeEmpty();
            name.Length.Should().BeLessThanOrEqualTo(NameGenerator.MaxNameLength);
        }, iter: 2000);
    }

    [Fact]
    public void A_prefix_that_only_kubes_mask_accepts_still_gives_an_invalid_name()
    {
        // maskTrailingDash checks "a.-" as "aa"; the generated "a.-xxxxx" then fails as a name, as in kube.
        NameValidation.ValidateName("a.-", NameRule.Dns1123Subdomain, prefix: true).Should().BeEmpty();

        NameValidation.IsDns1123Subdomain(NameGenerator.GenerateName("a.-", new Random(5))).Should().NotBeEmpty();
    }
}
