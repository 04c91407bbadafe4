using PgHa.Testing.Patching;

namespace PgHa.Testing.Tests.Patching;

/// <summary>
/// Cases learned from k8s.io/apimachinery/pkg/util/strategicpatch/patch_test.go (its MergeItem type is mirrored by
/// <see cref="TestSchemas.MergeItem"/>): patch application results, including its "current + three-way patch = result" rows.
/// </summary>
public sealed class StrategicMergePatchListTests
{
    public static TheoryData<string, string, string, string> Cases => new()
    {
        // Merge by key.
        {
            "add field to map in merging list",
            """{"mergingList":[{"name":1,"value":1},{"name":2,"other":"b"}]}""",
            """{"mergingList":[{"name":1,"other":"a"}]}""",
            """{"mergingList":[{"name":1,"value":1,"other":"a"},{"name":2,"other":"b"}]}"""
        },
        {
            "delete field from map in merging list",
            """{"mergingList":[{"name":1,"value":1,"other":"a"},{"name":2,"value":2}]}""",
            """{"mergingList":[{"name":1,"value":null}]}""",
            """{"mergingList":[{"name":1,"other":"a"},{"name":2,"value":2}]}"""
        },
        {
            "add an item that is new to the merging list goes first",
            """{"mergingList":[{"name":"a"},{"name":"b"}]}""",
            """{"mergingList":[{"name":"c","value":null,"other":"x"}]}""",
            """{"mergingList":[{"name":"c","other":"x"},{"name":"a"},{"name":"b"}]}"""
        },
        {
            "preserve the order from the patch in a merging list",
            """{"mergingList":[{"name":1},{"name":2,"value":"b"},{"name":3}]}""",
            """{"mergingList":[{"name":3,"value":"c"},{"name":1,"value":"a"},{"name":2,"other":"x"}]}""",
            """{"mergingList":[{"name":3,"value":"c"},{"name":1,"value":"a"},{"name":2,"value":"b","other":"x"}]}"""
        },
        {
            "preserve the order from the patch in a merging list 2",
            """{"mergingList":[{"name":1},{"name":2,"value":"b"},{"name":3}]}""",
            """{"mergingList":[{"name":3,"value":"c"},{"name":1,"value":"a"}]}""",
            """{"mergingList":[{"name":2,"value":"b"},{"name":3,"value":"c"},{"name":1,"value":"a"}]}"""
        },
        {
            "nested merging list inside a merging list",
            """{"mergingList":[{"name":1,"mergingList":[{"name":"x","value":"1"},{"name":"y"}]},{"name":2}]}""",
            """{"mergingList":[{"name":1,"mergingList":[{"name":"y","value":"2"},{"name":"x","$patch":"delete"}]}]}""",
            """{"mergingList":[{"name":1,"mergingList":[{"name":"y","value":"2"}]},{"name":2}]}"""
        },
        {
            "replace non merging list nested in merging list",
            """{"mergingList":[{"name":1,"nonMergingList":[{"name":1},{"name":2,"value":2}]},{"name":2}]}""",
            """{"mergingList":[{"name":1,"nonMergingList":[{"name":1,"value":1}]}]}""",
            """{"mergingList":[{"name":1,"nonMergingList":[{"name":1,"value":1}]},{"name":2}]}"""
        },
        {
            "merge into a pointer field patched with a list",
            """{"mergeItemPtr":[{"name":"c","value":"c"},{"name":"d","value":"d"}]}""",
            """{"mergeItemPtr":[{"name":"d","other":"x"}]}""",
            """{"mergeItemPtr":[{"name":"c","value":"c"},{"name":"d","value":"d","other":"x"}]}"""
        },

        // Delete and replace directives.
        {
            "delete map from merging list",
            """{"mergingList":[{"name":1},{"name":2}]}""",
            """{"mergingList":[{"name":1,"$patch":"delete"}]}""",
            """{"mergingList":[{"name":2}]}"""
        },
        {
            "delete missing map from merging list",
            """{"mergingList":[{"name":1},{"name":2}]}""",
            """{"mergingList":[{"name":3,"$patch":"delete"}]}""",
            """{"mergingList":[{"name":1},{"name":2}]}"""
        },
        {
            "delete all duplicate entries in a merging list",
            """{"mergingList":[{"name":1},{"name":1},{"name":2,"value":"a"},{"name":3},{"name":3}]}""",
            """{"mergingList":[{"name":1,"$patch":"delete"},{"name":3,"$patch":"delete"}]}""",
            """{"mergingList":[{"name":2,"value":"a"}]}"""
        },
        {
            "add map and delete map from merging list",
            """{"mergingList":[{"name":1},{"name":2}]}""",
            """{"mergingList":[{"name":3},{"name":1,"$patch":"delete"}]}""",
            """{"mergingList":[{"name":3},{"name":2}]}"""
        },
        { "delete all items from merging list", """{"mergingList":[{"name":1},{"name":2}]}""", """{"mergingList":[{"$patch":"replace"}]}""", """{"mergingList":[]}""" },
        {
            "replace merging list with the patch's items",
            """{"mergingList":[{"name":1},{"name":2}]}""",
            """{"mergingList":[{"name":3,"value":null},{"$patch":"replace"}]}""",
            """{"mergingList":[{"name":3}]}"""
        },
        { "merge empty merging lists", """{"mergingList":[]}""", """{"mergingList":[]}""", """{"mergingList":[]}""" },
        { "delete all keys from map", """{"name":1,"value":1}""", """{"$patch":"replace"}""", """{}""" },
        { "add key and delete all keys from map", """{"name":1,"value":1}""", """{"other":"a","$patch":"replace"}""", """{"other":"a"}""" },
        { "delete map from nested map", """{"simpleMap":{"key1":1,"key2":1}}""", """{"simpleMap":{"$patch":"delete"}}""", """{"simpleMap":{}}""" },
        { "a directive map for a missing field adds nothing", """{"name":1}""", """{"simpleMap":{"$patch":"replace","a":"b"}}""", """{"name":1}""" },
        {
            "a replaced map keeps nested maps that carry directives, minus the directives",
            """{"retainKeysMap":{"name":"a","simpleMap":{"k":"v"}}}""",
            """{"retainKeysMap":{"$patch":"replace","simpleMap":{"$patch":"delete","x":"y"},"nonMergingList":[{"name":"n","$patch":"delete"}]}}""",
            """{"retainKeysMap":{"simpleMap":{"x":"y"},"nonMergingList":[{"name":"n"}]}}"""
        },
        { "replace strategy takes the patch's map", """{"replacingItem":{"a":1,"b":2}}""", """{"replacingItem":{"c":3}}""", """{"replacingItem":{"c":3}}""" },

        // Lists of primitives.
        { "unique scalars when merging lists", """{"mergingIntList":[1,2]}""", """{"mergingIntList":[2,3]}""", """{"mergingIntList":[1,2,3]}""" },
        { "preserve the order from the patch in a merging int list", """{"mergingIntList":[1,2,3]}""", """{"mergingIntList":[3,1,2]}""", """{"mergingIntList":[3,1,2]}""" },
        { "preserve the order from the patch in a merging int list 2", """{"mergingIntList":[1,2,3]}""", """{"mergingIntList":[3,1]}""", """{"mergingIntList":[2,3,1]}""" },
        { "replace non merging int list", """{"nonMergingIntList":[1,2]}""", """{"nonMergingIntList":[3]}""", """{"nonMergingIntList":[3]}""" },
        { "int and float are different values", """{"mergingIntList":[1,2]}""", """{"mergingIntList":[1.5]}""", "error" },

        // $deleteFromPrimitiveList.
        { "delete item from a list with merge patch strategy", """{"mergingIntList":[1,2,3]}""", """{"$deleteFromPrimitiveList/mergingIntList":[2]}""", """{"mergingIntList":[1,3]}""" },
        { "delete item from a list without merge patch strategy", """{"nonMergingIntList":[1,2,3]}""", """{"$deleteFromPrimitiveList/nonMergingIntList":[2]}""", """{"nonMergingIntList":[1,3]}""" },
        { "deleting a nonexistent item adds nothing", """{"mergingIntList":[1,2]}""", """{"$deleteFromPrimitiveList/mergingIntList":[3]}""", """{"mergingIntList":[1,2]}""" },
        { "deleting from an empty list adds nothing", """{"mergingIntList":null}""", """{"$deleteFromPrimitiveList/mergingIntList":[3]}""", """{"mergingIntList":null}""" },
        { "deleting from a missing list adds no list", """{"foo":["bar"]}""", """{"$deleteFromPrimitiveList/mergingIntList":[3]}""", """{"foo":["bar"]}""" },
        { "delete all duplicates of an item", """{"mergingIntList":[1,2,1,3]}""", """{"$deleteFromPrimitiveList/mergingIntList":[1]}""", """{"mergingIntList":[2,3]}""" },

        // $setElementOrder, applied to the live ("current") object as in the three-way rows.
        {
            "set elements order in a list",
            """{"mergingList":[{"name":1,"other":"a"},{"name":3,"value":3},{"name":4,"value":4},{"name":2,"value":2}]}""",
            """{"$setElementOrder/mergingList":[{"name":4},{"name":2},{"name":3},{"name":1}]}""",
            """{"mergingList":[{"name":4,"value":4},{"name":2,"value":2},{"name":3,"value":3},{"name":1,"other":"a"}]}"""
        },
        {
            "set elements order in a list with server-only items",
            """{"mergingList":[{"name":1,"other":"a"},{"name":3,"value":3},{"name":4,"value":4},{"name":2,"value":2},{"name":9}]}""",
            """{"$setElementOrder/mergingList":[{"name":4},{"name":2},{"name":3},{"name":1}]}""",
            """{"mergingList":[{"name":4,"value":4},{"name":2,"value":2},{"name":3,"value":3},{"name":1,"other":"a"},{"name":9}]}"""
        },
        {
            "set elements order in a list with server-only items 2",
            """{"mergingList":[{"name":1,"other":"a"},{"name":2,"value":2},{"name":9},{"name":3,"value":3},{"name":4,"value":4}]}""",
            """{"$setElementOrder/mergingList":[{"name":2},{"name":1},{"name":4},{"name":3}]}""",
            """{"mergingList":[{"name":2,"value":2},{"name":1,"other":"a"},{"name":9},{"name":4,"value":4},{"name":3,"value":3}]}"""
        },
        {
            "set elements order in a list with server-only items 3",
            """{"mergingList":[{"name":1,"other":"a"},{"name":2,"value":2},{"name":7},{"name":9},{"name":8},{"name":3,"value":3},{"name":4,"value":4}]}""",
            """{"$setElementOrder/mergingList":[{"name":2},{"name":1},{"name":4},{"name":3}]}""",
            """{"mergingList":[{"name":2,"value":2},{"name":1,"other":"a"},{"name":7},{"name":9},{"name":8},{"name":4,"value":4},{"name":3,"value":3}]}"""
        },
        {
            "add an item in a list and preserve order",
            """{"mergingList":[{"name":"a"},{"name":"b"}]}""",
            """{"$setElementOrder/mergingList":[{"name":"a"},{"name":"c"},{"name":"b"}],"mergingList":[{"name":"c","value":"v"}]}""",
            """{"mergingList":[{"name":"a"},{"name":"c","value":"v"},{"name":"b"}]}"""
        },
        {
            "delete and reorder in one list, reorder in another",
            """{"mergingList":[{"name":"a","value":"a"},{"name":"b","value":"b"}],"mergeItemPtr":[{"name":"c","value":"c"},{"name":"d","value":"d"}]}""",
            """{"$setElementOrder/mergingList":[{"name":"b"}],"$setElementOrder/mergeItemPtr":[{"name":"d"},{"name":"c"}],"mergingList":[{"$patch":"delete","name":"a"}]}""",
            """{"mergingList":[{"name":"b","value":"b"}],"mergeItemPtr":[{"name":"d","value":"d"},{"name":"c","value":"c"}]}"""
        },
        {
            "behavior of set element order for a merging list with duplicate",
            """{"mergingList":[{"name":1},{"name":2,"value":"dup1"},{"name":3},{"name":2,"value":"dup2"},{"name":4}]}""",
            """{"$setElementOrder/mergingList":[{"name":2},{"name":1},{"name":4},{"name":3},{"name":2}]}""",
            """{"mergingList":[{"name":2,"value":"dup1"},{"name":2,"value":"dup2"},{"name":1},{"name":4},{"name":3}]}"""
        },
        { "set elements order in a int list", """{"mergingIntList":[1,2,3,4]}""", """{"$setElementOrder/mergingIntList":[4,2,3,1]}""", """{"mergingIntList":[4,2,3,1]}""" },
        {
            "set element order for a merging int list with duplicate",
            """{"mergingIntList":[1,2,3,2,4]}""",
            """{"$setElementOrder/mergingIntList":[2,1,4,3,2]}""",
            """{"mergingIntList":[2,2,1,4,3]}"""
        },
        {
            "add and delete an item in a int list and preserve order",
            """{"mergingIntList":[1,2,3]}""",
            """{"$setElementOrder/mergingIntList":[4,2,3],"mergingIntList":[4],"$deleteFromPrimitiveList/mergingIntList":[1]}""",
            """{"mergingIntList":[4,2,3]}"""
        },
        {
            // Result depends on kube reading the live order through a slice its own deletes and appends rewrote.
            "add map and delete map from merging list (three-way)",
            """{"mergingList":[{"name":1},{"name":2,"other":"b"},{"name":4,"other":"c"}]}""",
            """{"$setElementOrder/mergingList":[{"name":2},{"name":3}],"mergingList":[{"name":3},{"name":1,"$patch":"delete"}]}""",
            """{"mergingList":[{"name":2,"other":"b"},{"name":4,"other":"c"},{"name":3}]}"""
        },
        {
            "add and delete an item in a list and preserve order (three-way)",
            """{"mergingList":[{"name":1,"other":"a"},{"name":2,"value":2,"other":"b"},{"name":3,"value":3}]}""",
            """{"$setElementOrder/mergingList":[{"name":4},{"name":2},{"name":1}],"mergingList":[{"name":4,"value":4},{"name":3,"$patch":"delete"}]}""",
            """{"mergingList":[{"name":4,"value":4},{"name":2,"value":2,"other":"b"},{"name":1,"other":"a"}]}"""
        },
        {
            "add multiple items in a list and preserve order (three-way)",
            """{"mergingList":[{"name":1,"other":"a"},{"name":2,"value":2,"other":"b"}]}""",
            """{"$setElementOrder/mergingList":[{"name":1},{"name":4},{"name":2},{"name":3}],"mergingList":[{"name":4,"value":4},{"name":3,"value":3}]}""",
            """{"mergingList":[{"name":1,"other":"a"},{"name":4,"value":4},{"name":2,"value":2,"other":"b"},{"name":3,"value":3}]}"""
        },
        {
            "$setElementOrder contains an item that is not present in the list to be merged",
            """{"mergingList":[{"name":1},{"name":3}]}""",
            """{"$setElementOrder/mergingList":[{"name":3},{"name":2},{"name":1}],"mergingList":[{"name":3,"value":3},{"name":1,"value":1}]}""",
            """{"mergingList":[{"name":3,"value":3},{"name":1,"value":1}]}"""
        },

        // $retainKeys.
        { "retainKeys map should clear defaulted field", """{"retainKeysMap":{"value":"foo"}}""", """{"retainKeysMap":{"$retainKeys":["other"],"other":"bar"}}""", """{"retainKeysMap":{"other":"bar"}}""" },
        {
            "retainKeys map should clear defaulted field with conflict (discriminated union)",
            """{"retainKeysMap":{"name":"type1","value":"foo"}}""",
            """{"retainKeysMap":{"$retainKeys":["name","other"],"name":"type2","other":"bar"}}""",
            """{"retainKeysMap":{"name":"type2","other":"bar"}}"""
        },
        { "retainKeys map deletes a field", """{"retainKeysMap":{"name":"foo","value":"bar"}}""", """{"retainKeysMap":{"$retainKeys":["name"],"value":null}}""", """{"retainKeysMap":{"name":"foo"}}""" },
        { "retainKeys map can add a field when no retainKeys directive present", """{"retainKeysMap":{"name":"foo"}}""", """{"retainKeysMap":{"value":"bar"}}""", """{"retainKeysMap":{"name":"foo","value":"bar"}}""" },
        {
            "retainKeys map adds an item in nested merging list",
            """{"retainKeysMap":{"name":"foo","mergingList":[{"name":"a"},{"name":"b"},{"name":"x"}]}}""",
            """{"retainKeysMap":{"$retainKeys":["mergingList","name"],"$setElementOrder/mergingList":[{"name":"a"},{"name":"b"},{"name":"c"}],"mergingList":[{"name":"c"}]}}""",
            """{"retainKeysMap":{"name":"foo","mergingList":[{"name":"a"},{"name":"b"},{"name":"c"},{"name":"x"}]}}"""
        },
        {
            "retainKeys list of maps clears a field",
            """{"retainKeysMergingList":[{"name":"bar"},{"name":"foo","value":"a","other":"x"}]}""",
            """{"$setElementOrder/retainKeysMergingList":[{"name":"bar"},{"name":"foo"}],"retainKeysMergingList":[{"$retainKeys":["name","value"],"name":"foo"}]}""",
            """{"retainKeysMergingList":[{"name":"bar"},{"name":"foo","value":"a"}]}"""
        },

        // Nulls: original nulls stay, patch nulls under new fields are dropped (TestUnknownField rows).
        { "discard if modified all nulls", "{}", """{"complex":{"nested":null}}""", """{"complex":{}}""" },
        { "filter nulls from nested slices", "{}", """{"complex_nullable":[{"inner_one":{"key_one":"foo","key_two":null}}]}""", """{"complex_nullable":[{"inner_one":{"key_one":"foo"}}]}""" },
        { "not filter nulls from non-associative slice", "{}", """{"complex_nullable":["key1",null,"key2"]}""", """{"complex_nullable":["key1",null,"key2"]}""" },
        { "null values in original are preserved", """{"thing":null}""", """{"nested":{"value":5}}""", """{"nested":{"value":5},"thing":null}""" },
        { "a type change takes the patch value", """{"name":{"a":1}}""", """{"name":"x"}""", """{"name":"x"}""" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Applies_strategic_merge_patches_as_apimachinery_does(string description, string original, string patch, string expected)
    {
        _ = description;
        var act = () => StrategicMergePatch.Apply(Json.Object(original), Json.Object(patch), TestSchemas.MergeItem);

        if (expected == "error")
        {
            act.Should().Throw<PatchException>();
        }
        else
        {
            act().ShouldBeJson(expected);
        }
    }
}
