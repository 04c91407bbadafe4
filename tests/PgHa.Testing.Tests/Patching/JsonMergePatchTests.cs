using PgHa.Testing.Patching;

namespace PgHa.Testing.Tests.Patching;

public sealed class JsonMergePatchTests
{
    // RFC 7386 Appendix A, every example, in order.
    public static TheoryData<string, string, string> Rfc7386AppendixA => new()
    {
        { """{"a":"b"}""", """{"a":"c"}""", """{"a":"c"}""" },
        { """{"a":"b"}""", """{"b":"c"}""", """{"a":"b","b":"c"}""" },
        { """{"a":"b"}""", """{"a":null}""", """{}""" },
        { """{"a":"b","b":"c"}""", """{"a":null}""", """{"b":"c"}""" },
        { """{"a":["b"]}""", """{"a":"c"}""", """{"a":"c"}""" },
        { """{"a":"c"}""", """{"a":["b"]}""", """{"a":["b"]}""" },
        { """{"a":{"b":"c"}}""", """{"a":{"b":"d","c":null}}""", """{"a":{"b":"d"}}""" },
        { """{"a":[{"b":"c"}]}""", """{"a":[1]}""", """{"a":[1]}""" },
        { """["a","b"]""", """["c","d"]""", """["c","d"]""" },
        { """{"a":"b"}""", """["c"]""", """["c"]""" },
        { """{"a":"foo"}""", "null", "null" },
        { """{"a":"foo"}""", "\"bar\"", "\"bar\"" },
        { """{"e":null}""", """{"a":1}""", """{"e":null,"a":1}""" },
        { "[1,2]", """{"a":"b","c":null}""", """{"a":"b"}""" },
        { "{}", """{"a":{"bb":{"ccc":null}}}""", """{"a":{"bb":{}}}""" },
    };

    [Theory]
    [MemberData(nameof(Rfc7386AppendixA))]
    public void Applies_the_rfc_7386_appendix_examples(string target, string patch, string expected)
    {
        JsonMergePatch.Apply(Json.Parse(target), Json.Parse(patch)).ShouldBeJson(expected);
    }

    [Fact]
    public void Applies_the_rfc_7386_section_3_example()
    {
        var target = Json.Parse("""
            {"title":"Goodbye!","author":{"givenName":"John","familyName":"Doe"},"tags":["example","sample"],"content":"This will be unchanged"}
            """);
        var patch = Json.Parse("""
            {"title":"Hello!","phoneNumber":"+01-123-456-7890","author":{"familyName":null},"tags":["example"]}
            """);

        JsonMergePatch.Apply(target, patch).ShouldBeJson("""
            {"title":"Hello!","author":{"givenName":"John"},"tags":["example"],"content":"This will be unchanged","phoneNumber":"+01-123-456-7890"}
            """);
    }

    // evanphx/json-patch v4 merge(): values stored where the target has no object lose nested null members, even inside
    // lists; a list replacing an object is kept as sent.
    [Theory]
    [InlineData("""{}""", """{"a":[{"b":null,"c":1},null]}""", """{"a":[{"c":1},null]}""")]
    [InlineData("""{"a":"s"}""", """{"a":{"b":null,"c":{"d":null}}}""", """{"a":{"c":{}}}""")]
    [InlineData("""{"a":null}""", """{"a":{"b":null}}""", """{"a":{}}""")]
    [InlineData("""{"a":[1]}""", """{"a":[{"b":null}]}""", """{"a":[{}]}""")]
    [InlineData("""{"a":{"x":1}}""", """{"a":[{"b":null}]}""", """{"a":[{"b":null}]}""")]
    public void Prunes_nulls_as_kube_does(string target, string patch, string expected)
    {
        JsonMergePatch.Apply(Json.Parse(target), Json.Parse(patch)).ShouldBeJson(expected);
    }

    // The kubectl patch task page: "--type merge" replaces the whole containers list.
    [Fact]
    public void Replaces_lists_whole_as_in_the_kubectl_patch_documentation()
    {
        var deployment = Json.Object("""
            {"spec":{"replicas":2,"template":{"spec":{
              "containers":[{"name":"patch-demo-ctr","image":"nginx"},{"name":"patch-demo-ctr-2","image":"redis"}],
              "tolerations":[{"effect":"NoSchedule","key":"disktype","value":"ssd"}]}}}}
            """);
        var patch = Json.Parse("""
            {"spec":{"template":{"spec":{"containers":[{"name":"patch-demo-ctr-3","image":"gcr.io/google-samples/node-hello:1.0"}]}}}}
            """);

        JsonMergePatch.ApplyDocument(deployment, patch).ShouldBeJson("""
            {"spec":{"replicas":2,"template":{"spec":{
              "containers":[{"name":"patch-demo-ctr-3","image":"gcr.io/google-samples/node-hello:1.0"}],
              "tolerations":[{"effect":"NoSchedule","key":"disktype","value":"ssd"}]}}}}
            """);
    }

    // The retainKeys section of the same page: a merge patch cannot remove rollingUpdate while setting type.
    [Fact]
    public void Keeps_sibling_fields_that_only_retain_keys_would_clear()
    {
        var deployment = Json.Object("""{"spec":{"strategy":{"rollingUpdate":{"maxSurge":"30%"}}}}""");

        JsonMergePatch.ApplyDocument(deployment, Json.Parse("""{"spec":{"strategy":{"type":"Recreate"}}}"""))
            .ShouldBeJson("""{"spec":{"strategy":{"rollingUpdate":{"maxSurge":"30%"},"type":"Recreate"}}}""");
    }

    // kube-apiserver's jsonPatcher: jsonpatch.MergePatch answers ErrBadJSONPatch for a body that is no object or list.
    [Theory]
    [InlineData("null")]
    [InlineData("\"bar\"")]
    [InlineData("42")]
    [InlineData("true")]
    public void Rejects_a_body_that_is_no_object_as_kube_does(string patch)
    {
        var act = () => JsonMergePatch.ApplyDocument(Json.Object("""{"a":1}"""), Json.Parse(patch));

        var error = act.Should().Throw<PatchException>().Which;
        error.StatusCode.Should().Be(400);
        error.Reason.Should().Be("BadRequest");
        error.Message.Should().Be("Invalid JSON Patch");
    }

    [Fact]
    public void Rejects_a_list_body_because_the_result_is_no_object()
    {
        var act = () => JsonMergePatch.ApplyDocument(Json.Object("""{"a":1}"""), Json.Parse("""[{"b":null}]"""));

        var error = act.Should().Throw<PatchException>().Which;
        error.StatusCode.Should().Be(422);
        error.Reason.Should().Be("Invalid");
        error.Message.Should().StartWith(" \"\" is invalid: patch: Invalid value: \"[{}]\": couldn't get version/kind");
    }

    [Fact]
    public void Leaves_its_inputs_unchanged()
    {
        var target = Json.Object("""{"a":{"b":1,"c":[1,2]},"d":"x"}""");
        var patch = Json.Object("""{"a":{"b":null,"e":{"f":null}},"d":null,"g":[{"h":null}]}""");
        var targetText = target.ToJsonString();
        var patchText = patch.ToJsonString();

        var result = JsonMergePatch.ApplyDocument(target, patch);

        result.ShouldBeJson("""{"a":{"c":[1,2],"e":{}},"g":[{}]}""");
        target.ToJsonString().Should().Be(targetText);
        patch.ToJsonString().Should().Be(patchText);
    }
}
