using CsCheck;
using PgHa.Testing.Selectors;

namespace PgHa.Testing.Tests.Selectors;

public sealed class FieldSelectorTests
{
    [Theory]
    // fields/selector_test.go TestSelectorParse: good strings print back unchanged.
    [InlineData("x=a,y=b,z=c", "x=a,y=b,z=c")]
    [InlineData("", "")]
    [InlineData("x!=a,y=b", "x!=a,y=b")]
    [InlineData(@"x=a||y\=b", @"x=a||y\=b")]
    [InlineData(@"x=a\=\=b", @"x=a\=\=b")]
    // TestDeterministicParse: terms are sorted.
    [InlineData("x=a,a=x", "a=x,x=a")]
    // TestSplitTerms / TestSplitTerm: empty terms, escapes, multi-byte (sorted by UTF-8 bytes).
    [InlineData("a=a,", "a=a")]
    [InlineData(",a=a", "a=a")]
    [InlineData(@"k=\,,k2=v2", @"k2=v2,k=\,")]
    [InlineData(@"k=\\,k2=v2", @"k2=v2,k=\\")]
    [InlineData(@"k=\\\,,k2=v2", @"k2=v2,k=\\\,")]
    [InlineData("함=수,목=록", "목=록,함=수")]
    // '==' is '=' to kube, and prints as '='.
    [InlineData("b==x", "b=x")]
    // A term with neither field nor value is dropped; a value without a field is kept.
    [InlineData("=", "")]
    [InlineData("==", "")]
    [InlineData("!=", "")]
    [InlineData("=x", "=x")]
    // Kubernetes docs, "Field Selectors".
    [InlineData("metadata.name=my-service", "metadata.name=my-service")]
    [InlineData("metadata.namespace!=default", "metadata.namespace!=default")]
    [InlineData("status.phase!=Running,spec.restartPolicy=Always", "spec.restartPolicy=Always,status.phase!=Running")]
    public void Parses_to_kube_canonical_form(string text, string canonical)
    {
        FieldSelector.Parse(text).ToString().Should().Be(canonical);
    }

    [Theory]
    // fields/selector_test.go TestSelectorParse bad strings; Go prints an unescaped rune as its number.
    [InlineData("x=a||y=b", "invalid field selector: unescaped character in value: 61")]
    [InlineData("x==a==b", "invalid field selector: unescaped character in value: 61")]
    [InlineData("x=a,b", "invalid selector: 'x=a,b'; can't understand 'b'")]
    [InlineData("x in (a)", "invalid selector: 'x in (a)'; can't understand 'x in (a)'")]
    [InlineData("x in (a,b,c)", "invalid selector: 'x in (a,b,c)'; can't understand 'b'")]
    [InlineData("x", "invalid selector: 'x'; can't understand 'x'")]
    // TestEscapeValue invalid values.
    [InlineData(@"k=\", @"invalid field selector: invalid escape sequence: \")]
    [InlineData(@"k=\\\", @"invalid field selector: invalid escape sequence: \")]
    [InlineData(@"k=\a", @"invalid field selector: invalid escape sequence: \a")]
    [InlineData(@"k=\수", @"invalid field selector: invalid escape sequence: \수")]
    public void Refuses_with_kube_message(string text, string message)
    {
        var parse = () => FieldSelector.Parse(text);

        parse.Should().Throw<SelectorParseException>().Which.Message.Should().Be(message);
    }

    [Theory]
    [InlineData("a=x,x=a", "a", "Equal", "x")]
    [InlineData("a!=x", "a", "NotEqual", "x")]
    [InlineData("a==x", "a", "Equal", "x")]
    [InlineData(@"a=\,\=\\", "a", "Equal", @",=\")]
    [InlineData("a=", "a", "Equal", "")]
    public void Exposes_the_first_requirement_as_data(string text, string field, string op, string value)
    {
        var requirement = FieldSelector.Parse(text).Requirements[0];

        requirement.Should().Be(new FieldRequirement(field, Enum.Parse<FieldOperator>(op), value));
    }

    [Theory]
    // fields/selector_test.go TestSelectorMatches.
    [InlineData("", true)]
    [InlineData("foo=bar", true)]
    [InlineData("baz=blah", true)]
    [InlineData("foo=bar,baz=blah", true)]
    [InlineData(@"foo=bar,baz=blah,complex=\=value\\\,\\", true)]
    [InlineData("foo=blah", false)]
    [InlineData("baz=bar", false)]
    [InlineData("foo=bar,foobar=bar,baz=blah", false)]
    // An absent field reads as "".
    [InlineData("missing=", true)]
    [InlineData("missing!=", false)]
    [InlineData("missing!=x", true)]
    [InlineData("foo!=bar", false)]
    public void Matches_like_kube(string text, bool expected)
    {
        var fields = new Dictionary<string, string>
        {
            ["foo"] = "bar",
            ["baz"] = "blah",
            ["complex"] = @"=value\,\",
        };

        FieldSelector.Parse(text).Matches(f => fields.GetValueOrDefault(f)).Should().Be(expected);
    }

    [Theory]
    // fields/selector_test.go TestRequiresExactMatch.
    [InlineData("", "test", false, "")]
    [InlineData("a=b", "test", false, "")]
    [InlineData("test=b", "test", true, "b")]
    [InlineData("test=", "test", true, "")]
    [InlineData("test!=b", "test", false, "")]
    [InlineData("a=x,test=b", "test", true, "b")]
    public void Reports_a_required_value_like_RequiresExactMatch(string text, string field, bool found, string value)
    {
        FieldSelector.Parse(text).TryGetRequiredValue(field, out var actual).Should().Be(found);
        actual.Should().Be(value);
    }

    [Theory]
    // Kube stops at the first term (in its sorted order) the kind's conversion function refuses.
    [InlineData("metadata.name=a,spec.foo=1", "spec.foo")]
    [InlineData("z.b=1,a.b=2", "a.b")]
    [InlineData("metadata.namespace=x,metadata.name=a", null)]
    [InlineData("", null)]
    public void Finds_the_field_kube_would_refuse(string text, string? unsupported)
    {
        string[] supported = ["metadata.name", "metadata.namespace"];
        var selector = FieldSelector.Parse(text);

        selector.FindUnsupportedField(supported.Contains).Should().Be(unsupported);
        selector.CheckSupported(supported).Should().Be(unsupported is null ? null : "field label not supported: " + unsupported);
    }

    [Fact]
    public void Produces_both_of_kubes_unsupported_field_messages()
    {
        FieldSelector.FieldLabelNotSupportedMessage("spec.foo").Should().Be("field label not supported: spec.foo");

        // Kubernetes docs, "Field Selectors", Supported fields.
        FieldSelector.NotKnownFieldSelectorMessage("foo.bar").Should()
            .Be("\"foo.bar\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"");
    }

    [Fact]
    public void Lists_the_fields_used()
    {
        FieldSelector.Parse("status.phase!=Running,spec.restartPolicy=Always,status.phase!=Failed").Fields.Should()
            .Equal("spec.restartPolicy", "status.phase", "status.phase");
        FieldSelector.Parse(null).IsEmpty.Should().BeTrue();
        FieldSelector.Parse("=").Should().BeSameAs(FieldSelector.Everything);
    }

    [Theory]
    // fields/selector_test.go TestEscapeValue.
    [InlineData("", "")]
    [InlineData("a", "a")]
    [InlineData("=", @"\=")]
    [InlineData(",", @"\,")]
    [InlineData(@"\", @"\\")]
    [InlineData(@"\=\,\", @"\\\=\\\,\\")]
    public void Escapes_values_like_kube(string value, string escaped)
    {
        FieldSelector.EscapeValue(value).Should().Be(escaped);
        FieldSelector.Parse("f=" + escaped).Requirements.Should().ContainSingle().Which.Value.Should().Be(value);
    }

    [Fact]
    public void Arbitrary_text_either_parses_to_a_round_tripping_selector_or_fails_with_a_parse_exception()
    {
        var text = Gen.Frequency(
            (4, Gen.Char[@"ab=!,\ .수"].Array[0, 16].Select(a => new string(a))),
            (1, Gen.String));
        text.Sample(input =>
        {
            FieldSelector selector;
            try
            {
                selector = FieldSelector.Parse(input);
            }
            catch (SelectorParseException)
            {
                return;
            }

            // Kube orders terms by their text as written, so only the set of terms survives a round trip.
            FieldSelector.Parse(selector.ToString()).Requirements.Should().BeEquivalentTo(selector.Requirements);
        }, iter: 20000);
    }
}
