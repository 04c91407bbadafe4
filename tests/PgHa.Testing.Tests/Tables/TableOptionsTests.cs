using PgHa.Testing.Tables;

namespace PgHa.Testing.Tests.Tables;

public sealed class TableOptionsTests
{
    [Fact]
    public void Defaults_to_metadata_rows_in_meta_k8s_io_v1_with_headers()
    {
        TableOptions.Default.IncludeObject.Should().Be(IncludeObjectPolicy.Metadata);
        TableOptions.Default.NoHeaders.Should().BeFalse();
        TableOptions.Default.ApiVersion.Should().Be("meta.k8s.io/v1");
    }

    // The includeObject query parameter, validated as kube's ValidateTableOptions (case-sensitive).
    [Theory]
    [InlineData(null, "Metadata")]
    [InlineData("", "Metadata")]
    [InlineData("Metadata", "Metadata")]
    [InlineData("None", "None")]
    [InlineData("Object", "Object")]
    public void Accepts_kubes_include_object_values(string? value, string expected)
    {
        TableOptions.TryParseIncludeObject(value, out var policy, out var message).Should().BeTrue();
        policy.ToString().Should().Be(expected);
        message.Should().BeNull();
    }

    // The message of kube's 400 BadRequest (optionsForTransform in k8s.io/apiserver/pkg/endpoints/handlers/response.go).
    [Theory]
    [InlineData("object", "Unable to convert to Table as requested: includeObject: Invalid value: \"object\": must be 'Metadata', 'Object', 'None', or empty")]
    [InlineData("All", "Unable to convert to Table as requested: includeObject: Invalid value: \"All\": must be 'Metadata', 'Object', 'None', or empty")]
    [InlineData("a\"b", "Unable to convert to Table as requested: includeObject: Invalid value: \"a\\\"b\": must be 'Metadata', 'Object', 'None', or empty")]
    public void Rejects_other_values_with_kubes_message(string value, string expected)
    {
        TableOptions.TryParseIncludeObject(value, out _, out var message).Should().BeFalse();
        message.Should().Be(expected);
    }
}
