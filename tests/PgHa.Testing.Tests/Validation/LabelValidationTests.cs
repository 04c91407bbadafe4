using System.Text.Json.Nodes;
using PgHa.Testing.Validation;

namespace PgHa.Testing.Tests.Validation;

public sealed class LabelValidationTests
{
    private const string NamePartRule =
        "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

    private const string LabelValueRule =
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

    [Theory]
    // util/validation/validation_test.go TestIsQualifiedName success cases.
    [InlineData("simple")]
    [InlineData("now-with-dashes")]
    [InlineData("1-starts-with-num")]
    [InlineData("1234")]
    [InlineData("simple/simple")]
    [InlineData("now-with-dashes/simple")]
    [InlineData("now-with-dashes/now-with-dashes")]
    [InlineData("now.with.dots/simple")]
    [InlineData("now-with.dashes-and.dots/simple")]
    [InlineData("1-num.2-num/3-num")]
    [InlineData("1234/5678")]
    [InlineData("1.2.3.4/5678")]
    [InlineData("Uppercase_Is_OK_123")]
    [InlineData("example.com/Uppercase_Is_OK_123")]
    [InlineData("requests.storage-foo")]
    // The labels DESIGN.md names.
    [InlineData("kubernetes.io/service-name")]
    [InlineData("endpointslice.kubernetes.io/managed-by")]
    [InlineData("spilo-role")]
    public void Accepts_kubes_good_qualified_names(string value) => LabelValidation.IsQualifiedName(value).Should().BeEmpty();

    [Theory]
    // TestIsQualifiedName error cases.
    [InlineData("nospecialchars%^=@")]
    [InlineData("cantendwithadash-")]
    [InlineData("-cantstartwithadash-")]
    [InlineData("only/one/slash")]
    [InlineData("Example.com/abc")]
    [InlineData("example_com/abc")]
    [InlineData("example.com/")]
    [InlineData("/simple")]
    public void Refuses_kubes_bad_qualified_names(string value) => LabelValidation.IsQualifiedName(value).Should().NotBeEmpty();

    [Fact]
    public void Applies_kubes_length_limits_to_qualified_names()
    {
        LabelValidation.IsQualifiedName(new string('a', 63)).Should().BeEmpty();
        LabelValidation.IsQualifiedName(new string('a', 253) + "/" + new string('b', 63)).Should().BeEmpty();
        LabelValidation.IsQualifiedName(new string('a', 64)).Should().Equal("name part must be no more than 63 characters");
        LabelValidation.IsQualifiedName(new string('a', 254) + "/abc").Should().Equal("prefix part must be no more than 253 characters");
    }

    [Fact]
    public void Gives_kubes_qualified_name_messages()
    {
        LabelValidation.IsQualifiedName("a/b/c").Should().Equal(
            "a qualified name " + NamePartRule + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
        LabelValidation.IsQualifiedName("/simple").Should().Equal("prefix part must be non-empty");
        LabelValidation.IsQualifiedName("example.com/").Should().Equal("name part must be non-empty", "name part " + NamePartRule);
        LabelValidation.IsQualifiedName("run:tmp").Should().Equal("name part " + NamePartRule);
        LabelValidation.IsQualifiedName("Example.com/abc").Should().ContainSingle().Which.Should().StartWith("prefix part a lowercase RFC 1123 subdomain");
    }

    [Theory]
    // TestIsValidLabelValue.
    [InlineData("simple", true)]
    [InlineData("now-with-dashes", true)]
    [InlineData("1-starts-with-num", true)]
    [InlineData("end-with-num-1", true)]
    [InlineData("1234", true)]
    [InlineData("", true)]
    [InlineData("nospecialchars%^=@", false)]
    [InlineData("Tama-nui-te-rā.is.Māori.sun", false)]
    [InlineData("\\backslashes\\are\\bad", false)]
    [InlineData("-starts-with-dash", false)]
    [InlineData("ends-with-dash-", false)]
    [InlineData(".starts.with.dot", false)]
    [InlineData("ends.with.dot.", false)]
    public void Checks_label_values_like_kube(string value, bool valid) =>
        LabelValidation.IsValidLabelValue(value).Should().HaveCount(valid ? 0 : 1);

    [Fact]
    public void Gives_kubes_label_value_messages()
    {
        LabelValidation.IsValidLabelValue(new string('a', 63)).Should().BeEmpty();
        LabelValidation.IsValidLabelValue(new string('a', 64)).Should().Equal("must be no more than 63 characters");
        LabelValidation.IsValidLabelValue("-" + new string('a', 64)).Should().Equal("must be no more than 63 characters", LabelValueRule);
        LabelValidation.IsValidLabelValue("a b").Should().Equal(LabelValueRule);
    }

    [Fact]
    public void Validates_a_label_map_at_its_field_path()
    {
        var labels = JsonNode.Parse("""{"app":"web","bad key":"x","tier":"front end","none":null}""")!.AsObject();

        var errors = LabelValidation.ValidateLabels(labels, "metadata.labels");

        errors.Select(e => e.ToString()).Should().Equal(
            "metadata.labels: Invalid value: \"bad key\": name part " + NamePartRule,
            "metadata.labels: Invalid value: \"front end\": " + LabelValueRule);
        LabelValidation.ValidateLabels(null, "spec.selector").Should().BeEmpty();
    }

    [Fact]
    public void Validates_annotation_keys_case_insensitively_and_their_total_size()
    {
        var annotations = new JsonObject
        {
            ["Example.COM/Leader"] = "pod-0",
            ["a/b/c"] = "x",
        };

        var errors = LabelValidation.ValidateAnnotations(annotations, "metadata.annotations");

        errors.Should().ContainSingle().Which.ToString().Should().StartWith("metadata.annotations: Invalid value: \"a/b/c\": a qualified name");
    }

    [Fact]
    public void Limits_annotations_to_256_KiB_of_keys_and_values()
    {
        var atLimit = new JsonObject { ["k"] = new string('v', LabelValidation.TotalAnnotationSizeLimitBytes - 1) };
        var overLimit = new JsonObject { ["k"] = new string('v', LabelValidation.TotalAnnotationSizeLimitBytes) };

        LabelValidation.ValidateAnnotations(atLimit, "metadata.annotations").Should().BeEmpty();
        var error = LabelValidation.ValidateAnnotations(overLimit, "metadata.annotations").Should().ContainSingle().Subject;
        error.ToString().Should().Be("metadata.annotations: Too long: may not be more than 262144 bytes");
        error.Reason.Should().Be("FieldValueTooLong");
        LabelValidation.AnnotationsSize(new JsonObject { ["é"] = "éé" }).Should().Be(6);
    }
}
