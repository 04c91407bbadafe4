using System.Text;
using PgHa.Testing.Go;
using PgHa.Testing.Patching;

namespace PgHa.Testing.Tests.Patching;

public sealed class PatchDocumentTests
{
    // Go's decoder keeps the last of repeated members; JsonNode.Parse would throw on first access instead.
    [Theory]
    [InlineData("""{"a":1,"a":2}""", """{"a":2}""")]
    [InlineData("""{"m":{"x":1,"y":2,"x":3}}""", """{"m":{"x":3,"y":2}}""")]
    [InlineData("""[{"k":"v","k":null}]""", """[{"k":null}]""")]
    [InlineData(" \n{\"a\":[1,2.5,\"s\",true,null]}\t", """{"a":[1,2.5,"s",true,null]}""")]
    [InlineData("null", "null")]
    public void Parses_bodies_as_gos_decoder_reads_them(string body, string expected)
    {
        PatchDocument.Parse(Encoding.UTF8.GetBytes(body)).ShouldBeJson(expected);
    }

    // kube-apiserver's validateAndTranscodePatch: a body json.Valid rejects is a 400 "invalid JSON patch".
    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("{} x")]
    [InlineData("{}{}")]
    [InlineData("[1,]")]
    [InlineData("{'a':1}")]
    [InlineData("// comment\n{}")]
    public void Rejects_invalid_json_with_400(string body)
    {
        var act = () => PatchDocument.Parse(Encoding.UTF8.GetBytes(body));

        var error = act.Should().Throw<PatchException>().Which;
        error.StatusCode.Should().Be(400);
        error.Reason.Should().Be("BadRequest");
        error.Message.Should().Be("invalid JSON patch");
    }

    [Fact]
    public void Rejects_bodies_nested_deeper_than_the_engines_accept()
    {
        var body = new string('[', PatchDocument.MaxDepth + 1) + new string(']', PatchDocument.MaxDepth + 1);
        var act = () => PatchDocument.Parse(Encoding.UTF8.GetBytes(body));

        act.Should().Throw<PatchException>().Which.StatusCode.Should().Be(400);
        PatchDocument.Parse(Encoding.UTF8.GetBytes(new string('[', 100) + new string(']', 100))).Should().NotBeNull();
    }

    // kube decodes patches preserving ints: 1.0 stays a float64 and differs from the int64 1 in strategic merge.
    [Theory]
    [InlineData("1", "Int64")]
    [InlineData("-9223372036854775808", "Int64")]
    [InlineData("9223372036854775808", "Float64")]
    [InlineData("1.0", "Float64")]
    [InlineData("1e2", "Float64")]
    public void Keeps_the_number_text_that_decides_int_or_float(string body, string kind)
    {
        GoValues.KindOf(PatchDocument.Parse(Encoding.UTF8.GetBytes(body))).ToString().Should().Be(kind);
    }
}
