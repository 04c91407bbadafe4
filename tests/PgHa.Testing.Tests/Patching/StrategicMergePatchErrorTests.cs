using PgHa.Testing.Patching;
using PgHa.Testing.Schema;

namespace PgHa.Testing.Tests.Patching;

/// <summary>
/// The statuses kube-apiserver answers for strategic merge failures: <c>interpretStrategicMergePatchError</c> maps the
/// mergepatch format errors to 400, lists of lists to a generic 422, and passes every other error through as a 500
/// with an empty reason and the error text as message.
/// </summary>
public sealed class StrategicMergePatchErrorTests
{
    public static TheoryData<string, string, int, string, string> Errors => new()
    {
        { """{"mergingList":[{"name":1,"value":"a"}]}""", """{"mergingList":[{"value":"b"}]}""", 500, "", "map: map[value:b] does not contain declared merge key: name" },
        { """{"mergingList":[{"name":1}]}""", """{"mergingList":[{"$patch":"delete"}]}""", 500, "", "map: map[$patch:delete] does not contain declared merge key: name" },
        { """{"mergingList":[{"name":1}]}""", """{"mergingList":[{"name":1,"$patch":"foo"}]}""", 500, "", "unknown patch type: foo in map: map[$patch:foo name:1]" },
        { """{"mergingList":[{"name":1}]}""", """{"mergingList":[{"name":1,"$patch":"merge"}]}""", 500, "", "merging lists cannot yet be specified in the patch" },
        { """{"simpleMap":{"a":"b"}}""", """{"simpleMap":{"$patch":"bogus"}}""", 500, "", "unknown patch type: bogus in map: map[$patch:bogus]" },
        { """{"simpleMap":{"a":"b"}}""", """{"simpleMap":{"$patch":7}}""", 500, "", "unknown patch type: %!s(int64=7) in map: map[$patch:7]" },
        { """{"mergingIntList":[1,2]}""", """{"mergingIntList":[1.5]}""", 500, "", "list element types are not identical: [[1 2] [1.5]]" },
        { """{"mergingIntList":[1]}""", """{"mergingIntList":[2000000.5]}""", 500, "", "list element types are not identical: [[1] [2.0000005e+06]]" },
        { """{"mergingIntList":[[1]]}""", """{"mergingIntList":[[2]]}""", 422, "Invalid", "the server rejected our request due to an error in our request" },
        { """{"retainKeysMap":{"name":"a"}}""", """{"retainKeysMap":{"$retainKeys":"name"}}""", 400, "BadRequest", "invalid patch format of retainKeys" },
        { """{"retainKeysMap":{"name":"a"}}""", """{"retainKeysMap":{"$retainKeys":["name"],"value":"x"}}""", 400, "BadRequest", "invalid patch format of retainKeys" },
        { """{"mergingIntList":[1]}""", """{"$deleteFromPrimitiveList":[1]}""", 400, "BadRequest", "invalid patch format of primitive list" },
        { """{"mergingIntList":[1]}""", """{"$setElementOrder":[1]}""", 400, "BadRequest", "invalid patch format of setElementOrder list" },
        { """{"mergingList":[]}""", """{"$setElementOrder/mergingList":"x"}""", 500, "", "expected a []interface {}, but received a string" },
        { """{"mergingList":{"name":1}}""", """{"$setElementOrder/mergingList":[{"name":1}]}""", 500, "", "expected a []interface {}, but received a map[string]interface {}" },
        {
            """{"mergingList":[{"name":1},{"name":3},{"name":2}]}""",
            """{"$setElementOrder/mergingList":[{"name":1},{"name":2},{"name":3}],"mergingList":[{"name":3,"value":3},{"name":1,"value":1}]}""",
            500,
            "",
            "The order in patch list:\n[map[name:3 value:3] map[name:1 value:1]]\n doesn't match $setElementOrder list:\n[map[name:1] map[name:2] map[name:3]]\n"
        },
        {
            """{"mergingIntList":[1,3,2]}""",
            """{"$setElementOrder/mergingIntList":[1,2,3],"mergingIntList":[3,1]}""",
            500,
            "",
            "The order in patch list:\n[3 1]\n doesn't match $setElementOrder list:\n[1 2 3]\n"
        },
        { """{"mergingIntList":[]}""", """{"$setElementOrder/mergingIntList":[]}""", 500, "", "no elements in any of the given slices" },
        { """{"complex":{"nested":true}}""", """{"complex":{"nested":false}}""", 500, "", "unable to find api field in struct MergeItem for the json field \"complex\"" },
        { """{"mergingList":[{"value":"a"}]}""", """{"mergingList":[{"name":"b"}]}""", 500, "", "map: map[value:a] does not contain declared merge key: name" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void Fails_with_the_status_kube_answers(string original, string patch, int status, string reason, string message)
    {
        var act = () => StrategicMergePatch.Apply(Json.Object(original), Json.Object(patch), TestSchemas.MergeItem);

        var error = act.Should().Throw<PatchException>().Which;
        error.StatusCode.Should().Be(status);
        error.Reason.Should().Be(reason);
        error.Message.Should().Be(message);
    }

    [Fact]
    public void Keeps_the_list_of_lists_error_as_detail()
    {
        var act = () => StrategicMergePatch.Apply(
            Json.Object("""{"mergingIntList":[[1]]}"""), Json.Object("""{"mergingIntList":[[2]]}"""), TestSchemas.MergeItem);

        act.Should().Throw<PatchException>().Which.Detail.Should().Be("lists of lists are not supported");
    }

    [Fact]
    public void Refuses_to_merge_a_list_of_maps_without_a_merge_key()
    {
        var schema = TestSchemas.Object("io.k8s.test.Keyless",
            ("items", TestSchemas.Strategy(TestSchemas.List(TestSchemas.Object("io.k8s.test.Item", ("a", TestSchemas.Scalar(SchemaType.String)))), "merge")));

        var act = () => StrategicMergePatch.Apply(Json.Object("""{"items":[{"a":"x"}]}"""), Json.Object("""{"items":[{"a":"y"}]}"""), schema);

        act.Should().Throw<PatchException>().Which.Message.Should().Be("cannot merge lists without merge key for struct");
    }

    [Fact]
    public void Refuses_a_patch_strategy_kube_cannot_parse()
    {
        var schema = TestSchemas.Object("io.k8s.test.Odd",
            ("items", TestSchemas.Strategy(TestSchemas.List(TestSchemas.Scalar(SchemaType.String)), "merge,replace")));

        var act = () => StrategicMergePatch.Apply(Json.Object("""{"items":["a"]}"""), Json.Object("""{"items":["b"]}"""), schema);

        act.Should().Throw<PatchException>().Which.Message.Should().Be("unexpected patch strategy: [merge replace]");
    }
}
