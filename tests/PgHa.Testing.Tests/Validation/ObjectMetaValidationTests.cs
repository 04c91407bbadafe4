using System.Text.Json.Nodes;
using PgHa.Testing.Validation;

namespace PgHa.Testing.Tests.Validation;

public sealed class ObjectMetaValidationTests
{
    private const string Dns1035Rule =
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

    private static IReadOnlyList<FieldError> Validate(string metadata, bool namespaced, NameRule rule) =>
        ObjectMetaValidation.Validate(JsonNode.Parse(metadata)!.AsObject(), namespaced, rule);

    [Fact]
    public void Refuses_a_service_name_that_is_no_DNS_1035_label_with_kubes_status_message()
    {
        var errors = Validate("""{"name":"Foo","namespace":"default"}""", namespaced: true, NameRule.Dns1035Label);

        var error = errors.Should().ContainSingle().Subject;
        error.Reason.Should().Be("FieldValueInvalid");
        error.Field.Should().Be("metadata.name");
        error.Body.Should().Be("Invalid value: \"Foo\": " + Dns1035Rule);

        // What kubectl shows as: The Service "Foo" is invalid: metadata.name: Invalid value: "Foo": a DNS-1035 label ...
        FieldError.InvalidStatusMessage("", "Service", "Foo", errors).Should()
            .Be("Service \"Foo\" is invalid: metadata.name: Invalid value: \"Foo\": " + Dns1035Rule);
    }

    [Fact]
    public void Accepts_valid_metadata()
    {
        Validate(
            """{"name":"acid-minimal-cluster","namespace":"default","labels":{"application":"spilo","cluster-name":"acid-minimal-cluster"},"annotations":{"leader":"acid-0","ttl":"30"},"finalizers":["kubernetes.io/pv-protection"]}""",
            namespaced: true, NameRule.Dns1035Label).Should().BeEmpty();
        Validate("""{"generateName":"acid-minimal-cluster-","name":"acid-minimal-cluster-x7k2p","namespace":"default"}""",
            namespaced: true, NameRule.Dns1123Subdomain).Should().BeEmpty();
    }

    [Theory]
    [InlineData("""{"namespace":"default"}""", true, "metadata.name: Required value: name or generateName is required")]
    [InlineData("""{"name":"a"}""", true, "metadata.namespace: Required value")]
    [InlineData("""{"name":"a","namespace":"default"}""", false, "metadata.namespace: Forbidden: not allowed on this type")]
    [InlineData("""{"name":"a","namespace":"a.b"}""", true, "metadata.namespace: Invalid value: \"a.b\": must not contain dots")]
    [InlineData("""{"name":"a","generation":-1}""", false, "metadata.generation: Invalid value: -1: must be greater than or equal to 0")]
    [InlineData("""{"name":"a","finalizers":["orphan","foregroundDeletion"]}""", false,
        "metadata.finalizers: Invalid value: []string{\"orphan\", \"foregroundDeletion\"}: finalizer orphan and foregroundDeletion cannot be both set")]
    [InlineData("""{"name":"a","labels":{"a":"b c"}}""", false, "metadata.labels: Invalid value: \"b c\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')")]
    public void Reports_kubes_metadata_errors(string metadata, bool namespaced, string message)
    {
        Validate(metadata, namespaced, NameRule.Dns1123Subdomain).Select(e => e.ToString()).Should().Equal(message);
    }

    [Fact]
    public void Checks_generate_name_and_the_generated_name_separately()
    {
        var errors = Validate("""{"generateName":"Acid-","name":"Acid-x7k2p"}""", namespaced: false, NameRule.Dns1123Subdomain);

        errors.Select(e => e.Field).Should().Equal("metadata.generateName", "metadata.name");
        errors[0].BadValue.Should().Be("\"Acid-\"");
    }

    [Fact]
    public void Checks_path_segment_names_as_the_common_pass()
    {
        var errors = Validate("""{"generateName":"a/","name":".."}""", namespaced: false, NameRule.PathSegment);

        errors.Select(e => e.ToString()).Should().Equal(
            "metadata.generateName: Invalid value: \"a/\": may not contain '/'",
            "metadata.name: Invalid value: \"..\": may not be '..'");
    }

    [Fact]
    public void Aggregates_errors_as_kube_does()
    {
        var one = FieldError.Required("metadata.name", "name or generateName is required");
        var two = FieldError.Forbidden("metadata.namespace", "not allowed on this type");

        FieldError.Aggregate([one]).Should().Be("metadata.name: Required value: name or generateName is required");
        FieldError.Aggregate([one, two, one]).Should().Be(
            "[metadata.name: Required value: name or generateName is required, metadata.namespace: Forbidden: not allowed on this type]");
        FieldError.Aggregate([]).Should().BeEmpty();
        FieldError.InvalidStatusMessage("discovery.k8s.io", "EndpointSlice", "x", []).Should().Be("EndpointSlice.discovery.k8s.io \"x\" is invalid");
    }
}
