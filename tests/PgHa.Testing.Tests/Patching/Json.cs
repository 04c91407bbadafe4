using System.Text;
using System.Text.Json.Nodes;
using PgHa.Testing.Patching;

namespace PgHa.Testing.Tests.Patching;

/// <summary>Parsing and comparing JSON in patch tests.</summary>
internal static class Json
{
    public static JsonNode? Parse(string json) => PatchDocument.Parse(Encoding.UTF8.GetBytes(json));

    public static JsonObject Object(string json) => Parse(json)!.AsObject();

    public static string Text(JsonNode? node) => node?.ToJsonString() ?? "null";

    /// <summary>Structural equality: members in any order, list items in order, numbers by value.</summary>
    public static void ShouldBeJson(this JsonNode? actual, string expected)
    {
        JsonNode.DeepEquals(actual, Parse(expected)).Should().BeTrue(
            "expected {0} but got {1}", Text(Parse(expected)), Text(actual));
    }
}
