using PgHa.Testing.Selectors;

namespace PgHa.Testing.Tests.Selectors;

public sealed class LabelSelectorParseTests
{
    // Kube's RegexError texts, with its double space between examples.
    private const string LabelValueRule =
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

    private const string NamePartRule =
        "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

    private const string SubdomainRule =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

    [Theory]
    // labels/selector_test.go TestSelectorParse: the canonical form is the input without spaces.
    [InlineData("x=a,y=b,z=c", "x=a,y=b,z=c")]
    [InlineData("", "")]
    [InlineData("x!=a,y=b", "x!=a,y=b")]
    [InlineData("x=", "x=")]
    [InlineData("x= ", "x=")]
    [InlineData("x=,z= ", "x=,z=")]
    [InlineData("x= ,z= ", "x=,z=")]
    [InlineData("!x", "!x")]
    [InlineData("x>1", "x>1")]
    [InlineData("x>1,z<5", "x>1,z<5")]
    // TestDeterministicParse: requirements are sorted by key.
    [InlineData("x=a,a=x", "a=x,x=a")]
    // TestSetSelectorParser.
    [InlineData("\rx", "x")]
    [InlineData("this-is-a-dns.domain.com/key-with-dash", "this-is-a-dns.domain.com/key-with-dash")]
    [InlineData("this-is-another-dns.domain.com/key-with-dash in (so,what)", "this-is-another-dns.domain.com/key-with-dash in (so,what)")]
    [InlineData("0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)", "0.1.2.domain/99 notin (10.10.100.1,tick.tack.clock)")]
    [InlineData("foo  in\t (abc)", "foo in (abc)")]
    [InlineData("x notin\n (abc)", "x notin (abc)")]
    [InlineData("x  notin\t\t(abc,def)", "x notin (abc,def)")]
    [InlineData("x in (abc,def)", "x in (abc,def)")]
    [InlineData("x in (abc,)", "x in (,abc)")]
    [InlineData("x in ()", "x in ()")]
    [InlineData("x notin (abc,,def),bar,z in (),w", "bar,w,x notin (,abc,def),z in ()")]
    [InlineData("x,y in (a)", "x,y in (a)")]
    [InlineData("x notin ( )", "x notin ()")]
    [InlineData("x notin (, a)", "x notin (,a)")]
    [InlineData("a ", "a")]
    [InlineData("a in (x,y,notin, z,in)", "a in (in,notin,x,y,z)")]
    // TestSelectorMatches: 'in' and 'notin' are words outside the operator position.
    [InlineData("notin=in", "notin=in")]
    [InlineData("in in (in)", "in in (in)")]
    [InlineData("x==a", "x==a")]
    [InlineData("x in (b,a,b)", "x in (a,b)")]
    // Kubernetes docs, "Labels and Selectors".
    [InlineData("environment = production", "environment=production")]
    [InlineData("tier != frontend", "tier!=frontend")]
    [InlineData("environment=production,tier!=frontend", "environment=production,tier!=frontend")]
    [InlineData("environment in (production, qa)", "environment in (production,qa)")]
    [InlineData("tier notin (frontend, backend)", "tier notin (backend,frontend)")]
    [InlineData("partition", "partition")]
    [InlineData("!partition", "!partition")]
    [InlineData("partition in (customerA, customerB),environment!=qa", "environment!=qa,partition in (customerA,customerB)")]
    [InlineData("environment in (production),tier in (frontend)", "environment in (production),tier in (frontend)")]
    [InlineData("environment,environment notin (frontend)", "environment,environment notin (frontend)")]
    // Kube 1.32's parseIdentifiersList swallows a comma after a comma: three in a row end up accepted.
    [InlineData("x in (,,,)", "x in ()")]
    [InlineData("x in (a,,b)", "x in (,a,b)")]
    // Kube's lexer reads a NUL as the end of the input where it expects a token.
    [InlineData("\0x=y", "")]
    [InlineData("x=y\0", "x=y")]
    [InlineData("   \t\n", "")]
    public void Parses_to_kube_canonical_form(string text, string canonical)
    {
        var selector = LabelSelector.Parse(text);

        selector.ToString().Should().Be(canonical);
    }

    [Theory]
    // labels/selector_test.go TestSelectorParse / TestSetSelectorParser bad strings.
    [InlineData("x=a||y=b", "unable to parse requirement: values[0][x]: Invalid value: \"a||y\": " + LabelValueRule)]
    [InlineData("x==a==b", "found '==', expected: ',' or 'end of string'")]
    [InlineData("!x=a", "found '=', expected: ',' or 'end of string'")]
    [InlineData("x<a", "unable to parse requirement: values[0]: Invalid value: \"a\": for 'Gt', 'Lt' operators, the value must be an integer")]
    [InlineData("x,,y", "found ',', expected: identifier after ','")]
    [InlineData(",x,y", "found ',', expected: !, identifier, or 'end of string'")]
    [InlineData("x nott in (y)", "unable to parse requirement: found 'nott', expected: in, notin, =, ==, !=, gt, lt")]
    [InlineData("a in (xyz),", "found '', expected: identifier after ','")]
    [InlineData("a in (xyz)b notin ()", "found 'b', expected: ',' or 'end of string'")]
    [InlineData("a in (xyz abc)", "unable to parse requirement: found 'abc', expected: ',' or ')'")]
    [InlineData("a notin(", "unable to parse requirement: found '', expected: ',', ')' or identifier")]
    [InlineData("a (", "unable to parse requirement: found '(', expected: in, notin, =, ==, !=, gt, lt")]
    [InlineData("(", "found '(', expected: !, identifier, or 'end of string'")]
    // Hand-traced through kube 1.32's parser.
    [InlineData("x in (a,,)", "unable to parse requirement: found ')', expected: ',', or identifier")]
    [InlineData("x in (,,)", "unable to parse requirement: found ')', expected: ',', or identifier")]
    [InlineData("x in a", "unable to parse requirement: found 'a' expected: '('")]
    [InlineData("x in (a=b)", "unable to parse requirement: found '=', expected: ',' or ')'")]
    [InlineData("a=(b)", "unable to parse requirement: found '(', expected: identifier")]
    [InlineData("!", "unable to parse requirement: found '', expected: identifier")]
    [InlineData("!=a", "found '!=', expected: !, identifier, or 'end of string'")]
    [InlineData("a b", "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt")]
    [InlineData("a !", "unable to parse requirement: found '!', expected: in, notin, =, ==, !=, gt, lt")]
    [InlineData("!a b", "found 'b', expected: ',' or 'end of string'")]
    [InlineData("x=a=b", "found '=', expected: ',' or 'end of string'")]
    [InlineData("x>99999999999999999999", "unable to parse requirement: values[0]: Invalid value: \"99999999999999999999\": for 'Gt', 'Lt' operators, the value must be an integer")]
    [InlineData("x=\"a\"", "unable to parse requirement: values[0][x]: Invalid value: \"\\\"a\\\"\": " + LabelValueRule)]
    [InlineData("x>a_", "unable to parse requirement: [values[0]: Invalid value: \"a_\": for 'Gt', 'Lt' operators, the value must be an integer, values[0][x]: Invalid value: \"a_\": " + LabelValueRule + "]")]
    [InlineData("x in (b_,a_)", "unable to parse requirement: [values[0][x]: Invalid value: \"a_\": " + LabelValueRule + ", values[1][x]: Invalid value: \"b_\": " + LabelValueRule + "]")]
    // Keys: kube validates them with no field path, which Go prints as <nil>.
    [InlineData("run:tmp", "unable to parse requirement: <nil>: Invalid value: \"run:tmp\": name part " + NamePartRule)]
    [InlineData("a/b/c", "unable to parse requirement: <nil>: Invalid value: \"a/b/c\": a qualified name " + NamePartRule + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')")]
    [InlineData("Example.com/abc=x", "unable to parse requirement: <nil>: Invalid value: \"Example.com/abc\": prefix part " + SubdomainRule)]
    [InlineData("/abc", "unable to parse requirement: <nil>: Invalid value: \"/abc\": prefix part must be non-empty")]
    [InlineData("example.com/ in (a)", "unable to parse requirement: <nil>: Invalid value: \"example.com/\": name part must be non-empty; name part " + NamePartRule)]
    public void Refuses_with_kube_message(string text, string message)
    {
        var parse = () => LabelSelector.Parse(text);

        parse.Should().Throw<SelectorParseException>().Which.Message.Should().Be(message);
    }

    [Fact]
    public void Refuses_a_key_longer_than_63_characters_with_kube_message()
    {
        var key = new string('a', 64);

        var parse = () => LabelSelector.Parse(key);

        parse.Should().Throw<SelectorParseException>().Which.Message.Should()
            .Be("unable to parse requirement: <nil>: Invalid value: \"" + key + "\": name part must be no more than 63 characters");
    }

    [Fact]
    public void Refuses_a_value_longer_than_63_characters_with_both_kube_messages()
    {
        var value = new string('v', 64);

        var parse = () => LabelSelector.Parse("x=" + value);

        parse.Should().Throw<SelectorParseException>().Which.Message.Should()
            .Be("unable to parse requirement: values[0][x]: Invalid value: \"" + value + "\": must be no more than 63 characters");
    }

    [Theory]
    [InlineData("x=a", "x", "Equal", new[] { "a" })]
    [InlineData("x==a", "x", "DoubleEqual", new[] { "a" })]
    [InlineData("x!=a", "x", "NotEqual", new[] { "a" })]
    [InlineData("x in (b, a)", "x", "In", new[] { "a", "b" })]
    [InlineData("x notin (a)", "x", "NotIn", new[] { "a" })]
    [InlineData("x", "x", "Exists", new string[0])]
    [InlineData("!x", "x", "DoesNotExist", new string[0])]
    [InlineData("x>5", "x", "GreaterThan", new[] { "5" })]
    [InlineData("x<5", "x", "LessThan", new[] { "5" })]
    [InlineData("x=", "x", "Equal", new[] { "" })]
    [InlineData("example.com/x in (,a)", "example.com/x", "In", new[] { "", "a" })]
    public void Exposes_requirements_as_data(string text, string key, string op, string[] values)
    {
        var requirement = LabelSelector.Parse(text).Requirements.Should().ContainSingle().Subject;

        requirement.Key.Should().Be(key);
        requirement.Operator.Should().Be(Enum.Parse<LabelOperator>(op));
        requirement.Values.Should().Equal(values);
    }

    [Fact]
    public void Keeps_input_order_for_requirements_on_the_same_key()
    {
        var selector = LabelSelector.Parse("b,a=2,a!=1");

        selector.ToString().Should().Be("a=2,a!=1,b");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    public void Empty_text_selects_everything(string? text)
    {
        var selector = LabelSelector.Parse(text);

        selector.IsEmpty.Should().BeTrue();
        selector.Should().BeSameAs(LabelSelector.Everything);
        selector.Requirements.Should().BeEmpty();
    }
}
