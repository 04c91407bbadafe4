using PgHa.Testing.Patching;

namespace PgHa.Testing.Tests.Patching;

public sealed class JsonPatchTests
{
    // RFC 6902 Appendix A, every example that succeeds (A.1 to A.8, A.10, A.11, A.14, A.16).
    public static TheoryData<string, string, string, string> Rfc6902Successes => new()
    {
        { "A.1 adding an object member", """{"foo":"bar"}""", """[{"op":"add","path":"/baz","value":"qux"}]""", """{"baz":"qux","foo":"bar"}""" },
        { "A.2 adding an array element", """{"foo":["bar","baz"]}""", """[{"op":"add","path":"/foo/1","value":"qux"}]""", """{"foo":["bar","qux","baz"]}""" },
        { "A.3 removing an object member", """{"baz":"qux","foo":"bar"}""", """[{"op":"remove","path":"/baz"}]""", """{"foo":"bar"}""" },
        { "A.4 removing an array element", """{"foo":["bar","qux","baz"]}""", """[{"op":"remove","path":"/foo/1"}]""", """{"foo":["bar","baz"]}""" },
        { "A.5 replacing a value", """{"baz":"qux","foo":"bar"}""", """[{"op":"replace","path":"/baz","value":"boo"}]""", """{"baz":"boo","foo":"bar"}""" },
        {
            "A.6 moving a value",
            """{"foo":{"bar":"baz","waldo":"fred"},"qux":{"corge":"grault"}}""",
            """[{"op":"move","from":"/foo/waldo","path":"/qux/thud"}]""",
            """{"foo":{"bar":"baz"},"qux":{"corge":"grault","thud":"fred"}}"""
        },
        { "A.7 moving an array element", """{"foo":["all","grass","cows","eat"]}""", """[{"op":"move","from":"/foo/1","path":"/foo/3"}]""", """{"foo":["all","cows","eat","grass"]}""" },
        {
            "A.8 testing a value: success",
            """{"baz":"qux","foo":["a",2,"c"]}""",
            """[{"op":"test","path":"/baz","value":"qux"},{"op":"test","path":"/foo/1","value":2}]""",
            """{"baz":"qux","foo":["a",2,"c"]}"""
        },
        { "A.10 adding a nested member object", """{"foo":"bar"}""", """[{"op":"add","path":"/child","value":{"grandchild":{}}}]""", """{"foo":"bar","child":{"grandchild":{}}}""" },
        { "A.11 ignoring unrecognized elements", """{"foo":"bar"}""", """[{"op":"add","path":"/baz","value":"qux","xyz":123}]""", """{"foo":"bar","baz":"qux"}""" },
        { "A.14 ~ escape ordering", """{"/":9,"~1":10}""", """[{"op":"test","path":"/~01","value":10}]""", """{"/":9,"~1":10}""" },
        { "A.16 adding an array value", """{"foo":["bar"]}""", """[{"op":"add","path":"/foo/-","value":["abc","def"]}]""", """{"foo":["bar",["abc","def"]]}""" },
    };

    // RFC 6902 Appendix A's error examples (A.9, A.12, A.15), with evanphx/json-patch's error text. kube answers every
    // apply failure with a generic 422 (NewGenericServerResponse drops the text), so the text is the Detail.
    public static TheoryData<string, string, string, string> Rfc6902Errors => new()
    {
        { "A.9 testing a value: error", """{"baz":"qux"}""", """[{"op":"test","path":"/baz","value":"bar"}]""", "testing value /baz failed: test failed" },
        {
            "A.12 adding to a nonexistent target",
            """{"foo":"bar"}""",
            """[{"op":"add","path":"/baz/bat","value":"qux"}]""",
            "add operation does not apply: doc is missing path: \"/baz/bat\": missing value"
        },
        { "A.15 comparing strings and numbers", """{"/":9,"~1":10}""", """[{"op":"test","path":"/~01","value":"10"}]""", "testing value /~01 failed: test failed" },
    };

    // Edge cases as evanphx/json-patch v4 (what kube uses) decides them; several are its patch_test.go cases.
    public static TheoryData<string, string, string> EvanphxBehaviours => new()
    {
        { """{"foo":["bar","baz"]}""", """[{"op":"add","path":"/foo/-1","value":"qux"}]""", """{"foo":["bar","baz","qux"]}""" },
        { """{"foo":["bar","qux","baz"]}""", """[{"op":"remove","path":"/foo/-2"}]""", """{"foo":["bar","baz"]}""" },
        { """{"foo":[]}""", """[{"op":"add","path":"/foo/-1","value":"qux"}]""", """{"foo":["qux"]}""" },
        { """{"foo":["all","grass","cows","eat"]}""", """[{"op":"move","from":"/foo/1","path":"/foo/2"}]""", """{"foo":["all","cows","grass","eat"]}""" },
        { """{"foo":["bar"]}""", """[{"op":"copy","path":"/foo/0","from":"/foo"}]""", """{"foo":[["bar"],"bar"]}""" },
        { """{"foo":"bar","qux":{"baz":1,"bar":null}}""", """[{"op":"remove","path":"/qux/bar"}]""", """{"foo":"bar","qux":{"baz":1}}""" },
        { """{"foo":"bar"}""", """[{"op":"add","path":"/baz","value":null}]""", """{"baz":null,"foo":"bar"}""" },
        { """{"foo":"bar"}""", """[{"op":"add","path":"/baz"}]""", """{"baz":null,"foo":"bar"}""" },
        { """{"bar":[{"baz":null}]}""", """[{"op":"replace","path":"/bar/0/baz","value":1}]""", """{"bar":[{"baz":1}]}""" },
        { """{"bar":[1]}""", """[{"op":"replace","path":"/bar/0","value":null}]""", """{"bar":[null]}""" },
        { """[{"foo":["bar","qux","baz"]}]""", """[{"op":"replace","path":"/0/foo/0","value":"bum"}]""", """[{"foo":["bum","qux","baz"]}]""" },
        { """{"a":1}""", """[{"op":"replace","path":"/b","value":2}]""", """{"a":1,"b":2}""" },
        { """{"a":1}""", """[{"op":"copy","from":"/missing","path":"/b"}]""", """{"a":1,"b":null}""" },
        { """{"baz":"qux"}""", """[{"op":"test","path":"/foo","value":null}]""", """{"baz":"qux"}""" },
        { """{"foo":null}""", """[{"op":"test","path":"/foo","value":null}]""", """{"foo":null}""" },
        { """{"baz":[]}""", """[{"op":"test","path":"/foo"}]""", """{"baz":[]}""" },
        { """{"baz/foo":"qux"}""", """[{"op":"test","path":"/baz~1foo","value":"qux"}]""", """{"baz/foo":"qux"}""" },
        { """{"a":{"b":[1,{"c":"d"}]}}""", """[{"op":"test","path":"/a","value":{"b":[1.0,{"c":"d"}]}}]""", """{"a":{"b":[1,{"c":"d"}]}}""" },
        { """{"id":"0"}""", """[{"op":"test","path":"","value":{"id":"0"}},{"op":"replace","path":"","value":{"id":"1"}}]""", """{"id":"1"}""" },
        { """{"a":1}""", "null", """{"a":1}""" },
        { """{"a":1}""", "[]", """{"a":1}""" },
        { """{"a":1}""", """[{"op":"add","path":"/","value":2}]""", """{"a":1,"":2}""" },
    };

    public static TheoryData<string, string, string> ApplyFailures => new()
    {
        { """{"a":{"b":{"d":1}}}""", """[{"op":"remove","path":"/a/b/c"}]""", "error in remove for path: '/a/b/c': Unable to remove nonexistent key: c: missing value" },
        { """{"a":{"b":{"d":1}}}""", """[{"op":"move","from":"/a/b/c","path":"/a/b/e"}]""", "error in move for path: 'c': Unable to remove nonexistent key: c: missing value" },
        { """{"a":{"b":[1]}}""", """[{"op":"remove","path":"/a/b/1"}]""", "error in remove for path: '/a/b/1': Unable to access invalid index: 1: invalid index referenced" },
        { """{"foo":"bar"}""", """[{"op":"add","pathz":"/baz","value":"qux"}]""", "add operation failed to decode path: missing value" },
        { """{"foo":"bar"}""", """[{"op":"add","path":"","value":"qux"}]""", "add operation does not apply: doc is missing path: \"\": missing value" },
        { """{"foo":["bar","baz"]}""", """[{"op":"replace","path":"/foo/2","value":"bum"}]""", "replace operation does not apply: doc is missing key: /foo/2: missing value" },
        { """{"foo":["bar","baz"]}""", """[{"op":"add","path":"/foo/-4","value":"bum"}]""", "error in add for path: '/foo/-4': Unable to access invalid index: -4: invalid index referenced" },
        { """{"name":{"foo":"bat"}}""", """[{"op":"replace","path":"/foo/bar","value":"baz"}]""", "replace operation does not apply: doc is missing path: /foo/bar: missing value" },
        { """{"foo":[]}""", """[{"op":"remove","path":"/foo/-"}]""", "error in remove for path: '/foo/-': strconv.Atoi: parsing \"-\": invalid syntax" },
        { """{"foo":["bar"]}""", """[{"op":"add","path":"/foo/x","value":1}]""", "error in add for path: '/foo/x': value was not a proper array index: 'x': strconv.Atoi: parsing \"x\": invalid syntax" },
        { """{}""", """[{"op":null,"path":""}]""", "Unexpected kind: unknown" },
        { """{}""", """[null]""", "Unexpected kind: unknown" },
        { """{}""", """[{"op":"copy","from":null}]""", "copy operation failed to decode from: operation, missing from field: missing value" },
        { """{}""", """[{"op":"replace","path":5}]""", "replace operation failed to decode path: json: cannot unmarshal number into Go value of type string" },
        { """{"foo":["bar"]}""", """[{"op":"copy","path":"/foo/6666666666","from":"/"}]""", "error while adding value during copy: Unable to access invalid index: 6666666666: invalid index referenced" },
        { """{"foo":["all","grass"]}""", """[{"op":"move","from":"/foo/1","path":"/foo/4"}]""", "error in move for path: '/foo/4': Unable to access invalid index: 4: invalid index referenced" },
        { """{"foo":{}}""", """[{"op":"test","path":"/foo","value":null}]""", "testing value /foo failed: test failed" },
        { """{"foo":[]}""", """[{"op":"test","path":"/foo"}]""", "testing value /foo failed: test failed" },
        { """{"baz":"qux"}""", """[{"op":"test","path":"/foo","value":42}]""", "testing value /foo failed: test failed" },
        { """{"a":[1]}""", """[{"op":"test","path":"/a/3","value":1}]""", "error in test for path: '/a/3': Unable to access invalid index: 3: invalid index referenced" },
        { """{"a":1}""", """[{"op":"replace","path":"","value":1}]""", "replace operation value must be object or array: %!w(<nil>)" },
    };

    [Theory]
    [MemberData(nameof(Rfc6902Successes))]
    public void Applies_the_rfc_6902_appendix_examples(string example, string target, string patch, string expected)
    {
        _ = example;
        JsonPatch.Apply(Json.Parse(target)!, Json.Parse(patch)).ShouldBeJson(expected);
    }

    [Theory]
    [MemberData(nameof(Rfc6902Errors))]
    public void Fails_the_rfc_6902_appendix_error_examples_with_422(string example, string target, string patch, string detail)
    {
        _ = example;
        var act = () => JsonPatch.Apply(Json.Parse(target)!, Json.Parse(patch));

        var error = act.Should().Throw<PatchException>().Which;
        error.StatusCode.Should().Be(422);
        error.Reason.Should().Be("Invalid");
        error.Message.Should().Be("the server rejected our request due to an error in our request");
        error.Detail.Should().Be(detail);
    }

    // RFC 6902 A.13: a repeated "op" member. Go's decoder keeps the last one, so kube treats the operation as a remove.
    [Fact]
    public void Treats_the_rfc_6902_a13_document_as_a_remove_as_go_decodes_it()
    {
        var patch = Json.Parse("""[{"op":"add","path":"/baz","value":"qux","op":"remove"}]""");

        JsonPatch.Apply(Json.Parse("""{"baz":"qux","foo":"bar"}""")!, patch).ShouldBeJson("""{"foo":"bar"}""");
        var act = () => JsonPatch.Apply(Json.Parse("""{"foo":"bar"}""")!, patch);
        act.Should().Throw<PatchException>().Which.Detail.Should()
            .Be("error in remove for path: '/baz': Unable to remove nonexistent key: baz: missing value");
    }

    [Theory]
    [MemberData(nameof(EvanphxBehaviours))]
    public void Follows_evanphx_json_patch_on_edge_cases(string target, string patch, string expected)
    {
        JsonPatch.Apply(Json.Parse(target)!, Json.Parse(patch)).ShouldBeJson(expected);
    }

    [Theory]
    [MemberData(nameof(ApplyFailures))]
    public void Fails_operations_with_evanphx_json_patch_wording(string target, string patch, string detail)
    {
        var act = () => JsonPatch.Apply(Json.Parse(target)!, Json.Parse(patch));

        var error = act.Should().Throw<PatchException>().Which;
        error.StatusCode.Should().Be(422);
        error.Detail.Should().Be(detail);
    }

    // The optimistic-lock idiom kube users send: test the resourceVersion, then change the object.
    [Fact]
    public void Fails_a_resource_version_test_with_kubes_generic_invalid_status()
    {
        var stored = Json.Object("""{"metadata":{"name":"x","resourceVersion":"12"},"data":{"a":"1"}}""");
        var patch = Json.Parse("""
            [{"op":"test","path":"/metadata/resourceVersion","value":"11"},{"op":"replace","path":"/data/a","value":"2"}]
            """);

        var act = () => JsonPatch.Apply(stored, patch);

        var error = act.Should().Throw<PatchException>().Which;
        error.StatusCode.Should().Be(422);
        error.Detail.Should().Be("testing value /metadata/resourceVersion failed: test failed");
        stored["data"]!["a"]!.GetValue<string>().Should().Be("1");
    }

    // kube-apiserver's jsonPatcher: jsonpatch.DecodePatch errors are 400 BadRequest with Go's decoder message.
    [Theory]
    [InlineData("""{"op":"add"}""", "json: cannot unmarshal object into Go value of type jsonpatch.Patch")]
    [InlineData("\"x\"", "json: cannot unmarshal string into Go value of type jsonpatch.Patch")]
    [InlineData("7", "json: cannot unmarshal number into Go value of type jsonpatch.Patch")]
    [InlineData("""[{"op":"add","path":"/a","value":1},"x"]""", "json: cannot unmarshal string into Go value of type jsonpatch.Operation")]
    [InlineData("""[[]]""", "json: cannot unmarshal array into Go value of type jsonpatch.Operation")]
    public void Rejects_a_malformed_patch_document_with_400(string patch, string message)
    {
        var act = () => JsonPatch.Apply(Json.Object("""{"a":1}"""), Json.Parse(patch));

        var error = act.Should().Throw<PatchException>().Which;
        error.StatusCode.Should().Be(400);
        error.Reason.Should().Be("BadRequest");
        error.Message.Should().Be(message);
    }

    [Fact]
    public void Rejects_more_operations_than_kube_allows_with_413()
    {
        var operations = string.Join(',', Enumerable.Repeat("""{"op":"test","path":"/a","value":1}""", JsonPatch.MaxOperations + 1));

        var act = () => JsonPatch.Apply(Json.Object("""{"a":1}"""), Json.Parse("[" + operations + "]"));

        var error = act.Should().Throw<PatchException>().Which;
        error.StatusCode.Should().Be(413);
        error.Reason.Should().Be("RequestEntityTooLarge");
        error.Message.Should().Be("Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001");
    }

    [Fact]
    public void Stops_copies_beyond_kubes_copy_budget()
    {
        var big = new string('A', 1024 * 1024);
        var patch = Json.Parse("""
            [{"op":"copy","from":"/a","path":"/b"},{"op":"copy","from":"/a","path":"/c"},{"op":"copy","from":"/a","path":"/d"}]
            """);

        var act = () => JsonPatch.Apply(Json.Object("{\"a\":\"" + big + "\"}"), patch);

        act.Should().Throw<PatchException>().Which.Detail.Should().StartWith(
            "Unable to complete the copy, the accumulated size increase of copy is 3145734, exceeding the limit 3145728");
    }

    [Fact]
    public void Leaves_its_inputs_unchanged_and_shares_no_nodes_with_them()
    {
        var target = Json.Object("""{"a":{"b":[1,2]},"c":"d"}""");
        var patch = Json.Parse("""
            [{"op":"add","path":"/v","value":{"w":1}},{"op":"move","from":"/a/b","path":"/m"},{"op":"copy","from":"/m","path":"/n"}]
            """)!;
        var targetText = target.ToJsonString();
        var patchText = patch.ToJsonString();

        var result = JsonPatch.Apply(target, patch);
        result["v"]!["w"] = 2;
        result["n"]!.AsArray().Add(3);

        result.ShouldBeJson("""{"a":{},"c":"d","v":{"w":2},"m":[1,2],"n":[1,2,3]}""");
        target.ToJsonString().Should().Be(targetText);
        patch.ToJsonString().Should().Be(patchText);
    }
}
