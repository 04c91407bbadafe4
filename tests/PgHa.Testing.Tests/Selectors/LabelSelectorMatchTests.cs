using System.Text.Json.Nodes;
using PgHa.Testing.Selectors;

namespace PgHa.Testing.Tests.Selectors;

public sealed class LabelSelectorMatchTests
{
    [Theory]
    // labels/selector_test.go TestSelectorMatches.
    [InlineData("", """{"x":"y"}""", true)]
    [InlineData("x=y", """{"x":"y"}""", true)]
    [InlineData("x=y,z=w", """{"x":"y","z":"w"}""", true)]
    [InlineData("x!=y,z!=w", """{"x":"z","z":"a"}""", true)]
    [InlineData("notin=in", """{"notin":"in"}""", true)]
    [InlineData("x", """{"x":"z"}""", true)]
    [InlineData("!x", """{"y":"z"}""", true)]
    [InlineData("x>1", """{"x":"2"}""", true)]
    [InlineData("x<1", """{"x":"0"}""", true)]
    [InlineData("x=z", "{}", false)]
    [InlineData("x=y", """{"x":"z"}""", false)]
    [InlineData("x=y,z=w", """{"x":"w","z":"w"}""", false)]
    [InlineData("x!=y,z!=w", """{"x":"z","z":"w"}""", false)]
    [InlineData("x", """{"y":"z"}""", false)]
    [InlineData("!x", """{"x":"z"}""", false)]
    [InlineData("x>1", """{"x":"0"}""", false)]
    [InlineData("x<1", """{"x":"2"}""", false)]
    [InlineData("foo=bar,baz=blah", """{"foo":"bar","baz":"blah"}""", true)]
    [InlineData("foo=blah", """{"foo":"bar","baz":"blah"}""", false)]
    [InlineData("foo=bar,foobar=bar,baz=blah", """{"foo":"bar","baz":"blah"}""", false)]
    // TestRequirementSelectorMatching.
    [InlineData("x in (foo),y notin (alpha)", """{"x":"foo","y":"baz"}""", true)]
    [InlineData("x in (foo),y in (alpha)", """{"x":"foo","y":"baz"}""", false)]
    [InlineData("x notin (),y", """{"y":""}""", true)]
    [InlineData("!x,y", """{"y":""}""", true)]
    [InlineData("x notin (),!y", """{"y":""}""", false)]
    [InlineData("x in ()", """{"y":"baz"}""", false)]
    [InlineData("z>1", """{"z":"2"}""", true)]
    [InlineData("z>1", """{"z":"v2"}""", false)]
    // Kubernetes docs examples.
    [InlineData("environment in (production, qa)", """{"environment":"qa","tier":"frontend"}""", true)]
    [InlineData("tier notin (frontend, backend)", """{"environment":"qa"}""", true)]
    [InlineData("tier notin (frontend, backend)", """{"tier":"backend"}""", false)]
    [InlineData("partition in (customerA, customerB),environment!=qa", """{"partition":"customerA","environment":"qa"}""", false)]
    [InlineData("partition in (customerA, customerB),environment!=qa", """{"partition":"customerB"}""", true)]
    // An empty value matches an empty label only.
    [InlineData("x in ()", """{"x":""}""", true)]
    [InlineData("x=", """{"x":""}""", true)]
    [InlineData("x=", """{"x":"a"}""", false)]
    [InlineData("x in (,a)", """{"x":"a"}""", true)]
    // Integers as Go's strconv.ParseInt reads them.
    [InlineData("x>1", """{"x":"+5"}""", true)]
    [InlineData("x<0", """{"x":"-5"}""", true)]
    [InlineData("x>1", """{"x":" 5"}""", false)]
    [InlineData("x>1", """{"x":""}""", false)]
    [InlineData("x>9223372036854775806", """{"x":"9223372036854775807"}""", true)]
    [InlineData("x>1", """{"x":"9223372036854775808"}""", false)]
    [InlineData("x<0", """{"x":"-9223372036854775808"}""", true)]
    [InlineData("x<0", """{"x":"-9223372036854775809"}""", false)]
    [InlineData("x>1", """{"x":"0005"}""", true)]
    // JSON escapes are values like any other.
    [InlineData("x=a", """{"x":"\u0061"}""", true)]
    [InlineData("x>1", """{"x":"\u0032"}""", true)]
    // A JSON null label reads as "", as Go decodes it; a non-string never equals a value.
    [InlineData("x", """{"x":null}""", true)]
    [InlineData("x=", """{"x":null}""", true)]
    [InlineData("x>1", """{"x":null}""", false)]
    [InlineData("x=5", """{"x":5}""", false)]
    [InlineData("x!=5", """{"x":5}""", true)]
    [InlineData("x>1", """{"x":5}""", false)]
    [InlineData("x", """{"x":5}""", true)]
    // No labels at all.
    [InlineData("", null, true)]
    [InlineData("!x", null, true)]
    [InlineData("x notin (a)", null, true)]
    [InlineData("x", null, false)]
    [InlineData("x=", null, false)]
    public void Matches_like_kube(string selector, string? labels, bool expected)
    {
        var parsed = LabelSelector.Parse(selector);

        parsed.Matches(LabelJson.Parsed(labels)).Should().Be(expected, "for parsed labels");
        parsed.Matches(LabelJson.Built(labels)).Should().Be(expected, "for labels built in code");
    }

    [Fact]
    public void FromMap_builds_sorted_equality_requirements()
    {
        var selector = LabelSelector.FromMap(LabelJson.Parsed("""{"spilo-role":"master","application":"spilo","cluster-name":"acid"}"""));

        selector.ToString().Should().Be("application=spilo,cluster-name=acid,spilo-role=master");
        selector.Requirements.Should().OnlyContain(r => r.Operator == LabelOperator.Equal && r.Values.Count == 1);
        selector.Matches(LabelJson.Parsed("""{"application":"spilo","cluster-name":"acid","spilo-role":"master","team":"acid"}""")).Should().BeTrue();
        selector.Matches(LabelJson.Parsed("""{"application":"spilo","cluster-name":"acid","spilo-role":"replica"}""")).Should().BeFalse();
        selector.IsEmpty.Should().BeFalse();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("{}")]
    public void FromMap_of_no_entries_is_the_empty_selector_as_in_kube(string? map)
    {
        var selector = LabelSelector.FromMap(LabelJson.Parsed(map));

        selector.IsEmpty.Should().BeTrue();
        selector.Matches(LabelJson.Parsed("""{"a":"b"}""")).Should().BeTrue();
    }

    [Fact]
    public void FromMap_reads_null_as_empty_and_refuses_other_values()
    {
        LabelSelector.FromMap(LabelJson.Parsed("""{"a":null}""")).ToString().Should().Be("a=");

        var fromNumber = () => LabelSelector.FromMap(LabelJson.Parsed("""{"a":1}"""));
        fromNumber.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Nothing_matches_nothing_and_is_not_empty()
    {
        LabelSelector.Nothing.Matches(null).Should().BeFalse();
        LabelSelector.Nothing.Matches(new JsonObject()).Should().BeFalse();
        LabelSelector.Nothing.IsEmpty.Should().BeFalse();
        LabelSelector.Nothing.MatchesNothing.Should().BeTrue();
        LabelSelector.Nothing.ToString().Should().BeEmpty();
        LabelSelector.Nothing.Should().NotBe(LabelSelector.Everything);
    }

    [Theory]
    [InlineData("kubernetes.io/service-name=acid", "kubernetes.io/service-name", true, "acid")]
    [InlineData("kubernetes.io/service-name==acid", "kubernetes.io/service-name", true, "acid")]
    [InlineData("kubernetes.io/service-name in (acid)", "kubernetes.io/service-name", true, "acid")]
    [InlineData("kubernetes.io/service-name in (a,b)", "kubernetes.io/service-name", false, "")]
    [InlineData("kubernetes.io/service-name!=acid", "kubernetes.io/service-name", false, "")]
    [InlineData("a=1", "kubernetes.io/service-name", false, "")]
    // Like kube, only the first requirement on the key counts.
    [InlineData("a,a=1", "a", false, "")]
    public void Reports_a_required_value_like_RequiresExactMatch(string selector, string key, bool found, string value)
    {
        LabelSelector.Parse(selector).TryGetRequiredValue(key, out var actual).Should().Be(found);
        actual.Should().Be(value);
    }

    [Fact]
    public void Matching_allocates_nothing()
    {
        var selector = LabelSelector.Parse(
            "application=spilo,cluster-name in (acid,other),spilo-role!=replica,team notin (x),!deleted,version>2,version<9,app.kubernetes.io/name");
        var labelSets = new[]
        {
            LabelJson.Parsed("""{"application":"spilo","cluster-name":"acid","spilo-role":"master","team":"acid","version":"5","app.kubernetes.io/name":"pg"}""")!,
            LabelJson.Built("""{"application":"spilo","cluster-name":"acid","spilo-role":"master","team":"acid","version":"5","app.kubernetes.io/name":"pg"}""")!,
        };
        foreach (var labels in labelSets)
        {
            selector.Matches(labels).Should().BeTrue();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var matched = 0;
        for (var i = 0; i < 1000; i++)
        {
            foreach (var labels in labelSets)
            {
                matched += selector.Matches(labels) ? 1 : 0;
            }
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        matched.Should().Be(2000);
        allocated.Should().Be(0);
    }

    [Fact]
    public void Selectors_with_the_same_requirements_are_equal()
    {
        var a = LabelSelector.Parse("b in (2,1),a");
        var b = LabelSelector.Parse("a,b in (1,2)");

        a.Should().Be(b);
        a.GetHashCode().Should().Be(b.GetHashCode());
        a.Should().NotBe(LabelSelector.Parse("a,b in (1,3)"));
        a.Should().NotBe(LabelSelector.Parse("a,b notin (1,2)"));
    }
}
