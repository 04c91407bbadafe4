using PgHa.Testing.Patching;
using PgHa.Testing.Schema;

namespace PgHa.Testing.Tests.Patching;

public sealed class StrategicMergePatchTests
{
    private const string PatchDemo = """
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"patch-demo"},
         "spec":{"replicas":2,"selector":{"matchLabels":{"app":"nginx"}},
          "template":{"metadata":{"labels":{"app":"nginx"}},
           "spec":{"containers":[{"name":"patch-demo-ctr","image":"nginx"}],
                   "tolerations":[{"effect":"NoSchedule","key":"dedicated","value":"test-team"}]}}}}
        """;

    // "Update API Objects in Place Using kubectl patch": containers has patchStrategy merge, so the new container is
    // added, and the page shows it first (redis, then nginx).
    [Fact]
    public void Merges_containers_by_name_as_in_the_kubectl_patch_documentation()
    {
        var patch = Json.Object("""{"spec":{"template":{"spec":{"containers":[{"name":"patch-demo-ctr-2","image":"redis"}]}}}}""");

        var result = StrategicMergePatch.Apply(Json.Object(PatchDemo), patch, TestSchemas.Deployment);

        result["spec"]!["template"]!["spec"]!["containers"].ShouldBeJson(
            """[{"name":"patch-demo-ctr-2","image":"redis"},{"name":"patch-demo-ctr","image":"nginx"}]""");
        result["spec"]!["template"]!["spec"]!["tolerations"].ShouldBeJson(
            """[{"effect":"NoSchedule","key":"dedicated","value":"test-team"}]""");
    }

    // Same page: tolerations has no patchStrategy, so the list is replaced.
    [Fact]
    public void Replaces_tolerations_as_in_the_kubectl_patch_documentation()
    {
        var patch = Json.Object("""{"spec":{"template":{"spec":{"tolerations":[{"effect":"NoSchedule","key":"disktype","value":"ssd"}]}}}}""");

        var result = StrategicMergePatch.Apply(Json.Object(PatchDemo), patch, TestSchemas.Deployment);

        result["spec"]!["template"]!["spec"]!["tolerations"].ShouldBeJson("""[{"effect":"NoSchedule","key":"disktype","value":"ssd"}]""");
        result["spec"]!["template"]!["spec"]!["containers"].ShouldBeJson("""[{"name":"patch-demo-ctr","image":"nginx"}]""");
    }

    // Same page, retainKeys section: "$retainKeys: [type]" clears rollingUpdate while setting type.
    [Fact]
    public void Clears_unlisted_fields_with_retain_keys_as_in_the_kubectl_patch_documentation()
    {
        var deployment = Json.Object("""
            {"metadata":{"name":"retainkeys-demo"},"spec":{"strategy":{"rollingUpdate":{"maxSurge":"30%"}}}}
            """);
        var patch = Json.Object("""{"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"}}}""");

        StrategicMergePatch.Apply(deployment, patch, TestSchemas.Deployment)
            .ShouldBeJson("""{"metadata":{"name":"retainkeys-demo"},"spec":{"strategy":{"type":"Recreate"}}}""");
    }

    // Patroni's lock write: a few annotations merged, the Endpoints subsets (no patch strategy) replaced whole.
    [Fact]
    public void Merges_annotations_and_replaces_endpoints_subsets()
    {
        var endpoints = Json.Object("""
            {"apiVersion":"v1","kind":"Endpoints","metadata":{"name":"acid-minimal-cluster","resourceVersion":"7",
              "annotations":{"leader":"pod-0","ttl":"30","optime":"100"}},
             "subsets":[{"addresses":[{"ip":"10.0.0.1"}],"ports":[{"name":"postgresql","port":5432}]}]}
            """);
        var patch = Json.Object("""
            {"metadata":{"annotations":{"leader":"pod-1","optime":null,"renewTime":"2022-11-18T06:18:59.159796+00:00"}},
             "subsets":[{"addresses":[{"ip":"10.0.0.2"}],"ports":[{"name":"postgresql","port":5432}]}]}
            """);

        StrategicMergePatch.Apply(endpoints, patch, TestSchemas.Endpoints).ShouldBeJson("""
            {"apiVersion":"v1","kind":"Endpoints","metadata":{"name":"acid-minimal-cluster","resourceVersion":"7",
              "annotations":{"leader":"pod-1","ttl":"30","renewTime":"2022-11-18T06:18:59.159796+00:00"}},
             "subsets":[{"addresses":[{"ip":"10.0.0.2"}],"ports":[{"name":"postgresql","port":5432}]}]}
            """);
    }

    // kubectl apply sends "$setElementOrder/ports" with every Service patch; ports merge by port.
    [Fact]
    public void Orders_service_ports_by_set_element_order_as_kubectl_apply_sends_it()
    {
        var service = Json.Object("""
            {"spec":{"ports":[{"name":"http","port":80,"protocol":"TCP","targetPort":8080},{"name":"https","port":443,"protocol":"TCP"}]}}
            """);
        var patch = Json.Object("""
            {"spec":{"$setElementOrder/ports":[{"port":443},{"port":80}],"ports":[{"port":80,"targetPort":9090}]}}
            """);

        StrategicMergePatch.Apply(service, patch, TestSchemas.Service).ShouldBeJson("""
            {"spec":{"ports":[{"name":"https","port":443,"protocol":"TCP"},{"name":"http","port":80,"protocol":"TCP","targetPort":9090}]}}
            """);
    }

    [Fact]
    public void Merges_owner_references_by_uid_and_finalizers_as_a_set()
    {
        var pod = Json.Object("""
            {"metadata":{"finalizers":["a","b"],
              "ownerReferences":[{"uid":"u1","kind":"ReplicaSet","name":"r1"},{"uid":"u2","kind":"Node","name":"n"}]}}
            """);
        var patch = Json.Object("""
            {"metadata":{"finalizers":["c","a"],"$deleteFromPrimitiveList/finalizers":["b"],
              "ownerReferences":[{"uid":"u2","$patch":"delete"},{"uid":"u1","name":"r2"}]}}
            """);

        StrategicMergePatch.Apply(pod, patch, TestSchemas.Deployment).ShouldBeJson("""
            {"metadata":{"finalizers":["c","a"],"ownerReferences":[{"uid":"u1","kind":"ReplicaSet","name":"r2"}]}}
            """);
    }

    // kube's behaviour for fields without patch metadata: maps merge, lists are replaced, directives still work.
    public static TheoryData<string, string, string> WithoutSchema => new()
    {
        { """{"a":[1,2],"b":{"c":1}}""", """{"a":[3],"b":{"d":2}}""", """{"a":[3],"b":{"c":1,"d":2}}""" },
        { """{"a":[{"name":"x","v":1}]}""", """{"a":[{"name":"x","w":2}]}""", """{"a":[{"name":"x","w":2}]}""" },
        { """{"a":[1,2,3]}""", """{"$deleteFromPrimitiveList/a":[2]}""", """{"a":[1,3]}""" },
        { """{"a":{"b":1,"c":2},"d":1}""", """{"a":{"$patch":"replace","e":3}}""", """{"a":{"e":3},"d":1}""" },
        { """{"a":{"b":1,"c":2}}""", """{"a":{"$retainKeys":["b"],"b":5}}""", """{"a":{"b":5}}""" },
        { """{"a":1,"b":2}""", """{"$patch":"delete"}""", """{}""" },
        // A replaced list is stored as sent; kube's typed decode then drops "$patch" fields and nulls, not the items.
        { """{"a":[1]}""", """{"a":[{"name":"x","$patch":"delete"},{"name":"y","k":null}]}""", """{"a":[{"name":"x"},{"name":"y"}]}""" },
    };

    [Theory]
    [MemberData(nameof(WithoutSchema))]
    public void Treats_fields_without_patch_metadata_as_kube_does(string original, string patch, string expected)
    {
        StrategicMergePatch.Apply(Json.Object(original), Json.Object(patch), schema: null).ShouldBeJson(expected);
    }

    [Fact]
    public void Never_lets_directives_into_the_result()
    {
        var patch = Json.Object("""
            {"new":{"$retainKeys":["x"],"x":1,"$setElementOrder/l":[1],"l":[{"$patch":"delete","name":"q"},1],
                    "$deleteFromPrimitiveList/l":[2],"gone":{"$patch":"replace","y":1}},
             "mergingList":[{"name":"a","$retainKeys":["name","value"],"value":"v"}]}
            """);

        var result = StrategicMergePatch.Apply(Json.Object("""{"mergingList":[{"name":"a","other":"o"}]}"""), patch, TestSchemas.MergeItem);

        result.ShouldBeJson("""{"mergingList":[{"name":"a","value":"v"}],"new":{"x":1,"l":[1]}}""");
    }

    [Fact]
    public void Leaves_its_inputs_unchanged_and_shares_no_nodes_with_them()
    {
        var original = Json.Object("""{"mergingList":[{"name":"a"},{"name":"b"}],"simpleMap":{"k":"v"},"mergingIntList":[1]}""");
        var patch = Json.Object("""
            {"mergingList":[{"name":"c","simpleMap":{"x":"y"}},{"name":"a","$patch":"delete"}],"simpleMap":{"k":null,"n":"m"},
             "$setElementOrder/mergingIntList":[2,1],"mergingIntList":[2],"added":{"q":[1]}}
            """);
        var originalText = original.ToJsonString();
        var patchText = patch.ToJsonString();

        var result = StrategicMergePatch.Apply(original, patch, TestSchemas.MergeItem);
        result["added"]!["q"]!.AsArray().Add(2);
        result["mergingList"]![0]!["simpleMap"]!["x"] = "z";

        result.ShouldBeJson("""
            {"mergingList":[{"name":"c","simpleMap":{"x":"z"}},{"name":"b"}],"simpleMap":{"n":"m"},"mergingIntList":[2,1],"added":{"q":[1,2]}}
            """);
        original.ToJsonString().Should().Be(originalText);
        patch.ToJsonString().Should().Be(patchText);
    }

    [Theory]
    [InlineData("null", """{"a":1}""")]
    public void Treats_a_null_body_as_an_empty_patch(string patch, string expected)
    {
        StrategicMergePatch.ApplyDocument(Json.Object("""{"a":1}"""), Json.Parse(patch), schema: null).ShouldBeJson(expected);
    }

    // kube-apiserver's strategicPatchObject: the body is decoded into map[string]interface{} and a failure is a 400.
    [Theory]
    [InlineData("[1]", "json: cannot unmarshal array into Go value of type map[string]interface {}")]
    [InlineData("\"x\"", "json: cannot unmarshal string into Go value of type map[string]interface {}")]
    public void Rejects_a_body_that_is_no_object_with_400(string patch, string message)
    {
        var act = () => StrategicMergePatch.ApplyDocument(Json.Object("""{"a":1}"""), Json.Parse(patch), schema: null);

        var error = act.Should().Throw<PatchException>().Which;
        error.StatusCode.Should().Be(400);
        error.Message.Should().Be(message);
    }

    [Fact]
    public void Accepts_schemas_that_preserve_unknown_fields()
    {
        var schema = TestSchemas.Object("io.k8s.test.Open", ("known", TestSchemas.Scalar(SchemaType.String)));
        schema.PreserveUnknownFields = true;

        StrategicMergePatch.Apply(Json.Object("""{"other":{"a":1}}"""), Json.Object("""{"other":{"b":2}}"""), schema)
            .ShouldBeJson("""{"other":{"a":1,"b":2}}""");
    }
}
