using PgHa.Testing.Validation;

namespace PgHa.Testing.Tests.Validation;

public sealed class NameValidationTests
{
    private const string LabelRule =
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

    private const string SubdomainRule =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

    private const string Dns1035Rule =
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

    // util/validation/validation_test.go TestIsDNS1123Label.
    public static TheoryData<string> GoodLabels =>
        ["a", "ab", "abc", "a1", "a-1", "a--1--2--b", "0", "01", "012", "1a", "1-a", "1--a--b--2", new string('a', 63)];

    public static TheoryData<string> BadLabels =>
    [
        "", "A", "ABC", "aBc", "A1", "A-1", "1-A", "-", "a-", "-a", "1-", "-1", "_", "a_", "_a", "a_b", "1_", "_1", "1_2",
        ".", "a.", ".a", "a.b", "1.", ".1", "1.2", " ", "a ", " a", "a b", "1 ", " 1", "1 2", new string('a', 64),
    ];

    // TestIsDNS1123Subdomain.
    public static TheoryData<string> GoodSubdomains =>
    [
        "a", "ab", "abc", "a1", "a-1", "a--1--2--b", "0", "01", "012", "1a", "1-a", "1--a--b--2",
        "a.a", "ab.a", "abc.a", "a1.a", "a-1.a", "a--1--2--b.a", "a.1", "ab.1", "abc.1", "a1.1", "a-1.1", "a--1--2--b.1",
        "0.a", "01.a", "012.a", "1a.a", "1-a.a", "0.1", "01.1", "012.1", "1a.1", "1-a.1", "1--a--b--2.1",
        "a.b.c.d.e", "aa.bb.cc.dd.ee", "1.2.3.4.5", "11.22.33.44.55", new string('a', 253),
    ];

    public static TheoryData<string> BadSubdomains =>
    [
        "", "A", "ABC", "aBc", "A1", "A-1", "1-A", "-", "a-", "-a", "1-", "-1", "_", "a_", "_a", "a_b", "1_", "_1", "1_2",
        ".", "a.", ".a", "a..b", "1.", ".1", "1..2", " ", "a ", " a", "a b", "1 ", " 1", "1 2",
        "A.a", "aB.a", "ab.A", "A1.a", "a1.A", "A.1", "aB.1", "A1.1", "1A.1", "0.A", "01.A", "012.A", "1A.a", "1a.A",
        "A.B.C.D.E", "AA.BB.CC.DD.EE", "a.B.c.d.e", "aa.bB.cc.dd.ee", "a@b", "a,b", "a;b", "a:b", "a%b", "a?b", "a$b",
        new string('a', 254),
    ];

    // TestIsDNS1035Label.
    public static TheoryData<string> GoodDns1035Labels => ["a", "ab", "abc", "a1", "a-1", "a--1--2--b", new string('a', 63)];

    public static TheoryData<string> BadDns1035Labels =>
    [
        "0", "01", "012", "1a", "1-a", "1--a--b--2", "", "A", "ABC", "aBc", "A1", "A-1", "1-A", "-", "a-", "-a", "1-", "-1",
        "_", "a_", "_a", "a_b", "1_", "_1", "1_2", ".", "a.", ".a", "a.b", "1.", ".1", "1.2", " ", "a ", " a", "a b",
        "1 ", " 1", "1 2", new string('a', 64),
    ];

    [Theory]
    [MemberData(nameof(GoodLabels))]
    public void Accepts_kubes_good_DNS_1123_labels(string value) => NameValidation.IsDns1123Label(value).Should().BeEmpty();

    [Theory]
    [MemberData(nameof(BadLabels))]
    public void Refuses_kubes_bad_DNS_1123_labels(string value) => NameValidation.IsDns1123Label(value).Should().NotBeEmpty();

    [Theory]
    [MemberData(nameof(GoodSubdomains))]
    public void Accepts_kubes_good_DNS_1123_subdomains(string value) => NameValidation.IsDns1123Subdomain(value).Should().BeEmpty();

    [Theory]
    [MemberData(nameof(BadSubdomains))]
    public void Refuses_kubes_bad_DNS_1123_subdomains(string value) => NameValidation.IsDns1123Subdomain(value).Should().NotBeEmpty();

    [Theory]
    [MemberData(nameof(GoodDns1035Labels))]
    public void Accepts_kubes_good_DNS_1035_labels(string value) => NameValidation.IsDns1035Label(value).Should().BeEmpty();

    [Theory]
    [MemberData(nameof(BadDns1035Labels))]
    public void Refuses_kubes_bad_DNS_1035_labels(string value) => NameValidation.IsDns1035Label(value).Should().NotBeEmpty();

    [Fact]
    public void Gives_kubes_messages()
    {
        NameValidation.IsDns1123Subdomain("Foo").Should().Equal(SubdomainRule);
        NameValidation.IsDns1123Subdomain(new string('a', 254)).Should().Equal("must be no more than 253 characters");
        NameValidation.IsDns1123Subdomain(new string('A', 254)).Should().Equal("must be no more than 253 characters", SubdomainRule);
        NameValidation.IsDns1123Label("Foo").Should().Equal(LabelRule);
        NameValidation.IsDns1123Label("a.b").Should().Equal("must not contain dots");
        NameValidation.IsDns1123Label(new string('a', 64)).Should().Equal("must be no more than 63 characters");
        NameValidation.IsDns1035Label("1abc").Should().Equal(Dns1035Rule);
        NameValidation.IsDns1035Label(new string('a', 64)).Should().Equal("must be no more than 63 characters");
    }

    [Fact]
    public void Counts_length_in_UTF8_bytes_as_go_does()
    {
        // 32 two-byte characters: 32 chars, 64 bytes.
        NameValidation.IsDns1123Label(new string('é', 32)).Should().Equal("must be no more than 63 characters", LabelRule);
    }

    [Theory]
    // apimachinery/pkg/api/validation/generic.go: a generateName may end in '-', random characters follow.
    [InlineData("acid-minimal-cluster-", "Dns1123Subdomain", true, true)]
    [InlineData("acid-minimal-cluster-", "Dns1123Subdomain", false, false)]
    [InlineData("acid-", "Dns1035Label", true, true)]
    [InlineData("web-", "Dns1123Label", true, true)]
    [InlineData("a-", "Dns1123Subdomain", true, true)]
    [InlineData("-", "Dns1123Subdomain", true, false)]
    [InlineData("Abc-", "Dns1123Subdomain", true, false)]
    // Kube's maskTrailingDash replaces the last two characters, so a dash after a dot slips through.
    [InlineData("a.-", "Dns1123Subdomain", true, true)]
    [InlineData("a/b", "PathSegment", false, false)]
    [InlineData("a%", "PathSegment", true, false)]
    [InlineData("..", "PathSegment", false, false)]
    [InlineData("..", "PathSegment", true, true)]
    [InlineData("Whatever Name", "PathSegment", false, true)]
    public void Validates_names_by_rule(string name, string rule, bool prefix, bool valid)
    {
        NameValidation.ValidateName(name, Enum.Parse<NameRule>(rule), prefix).Should().HaveCount(valid ? 0 : 1);
    }

    [Theory]
    [InlineData("abc-", "aba")]
    [InlineData("a-", "a")]
    [InlineData("-", "-")]
    [InlineData("abc", "abc")]
    public void Masks_a_trailing_dash_as_kube_does(string name, string masked) =>
        NameValidation.MaskTrailingDash(name).Should().Be(masked);

    [Theory]
    // apimachinery/pkg/api/validation/path/name.go.
    [InlineData(".", "may not be '.'")]
    [InlineData("..", "may not be '..'")]
    [InlineData("a/b", "may not contain '/'")]
    [InlineData("a%b", "may not contain '%'")]
    [InlineData("a/%", "may not contain '/'", "may not contain '%'")]
    [InlineData("...")]
    public void Checks_path_segment_names(string name, params string[] messages) =>
        NameValidation.IsValidPathSegmentName(name).Should().Equal(messages);
}
