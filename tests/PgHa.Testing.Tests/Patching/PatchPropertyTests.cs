using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using PgHa.Testing.Patching;

namespace PgHa.Testing.Tests.Patching;

public sealed class PatchPropertyTests
{
    private static readonly string[] PlainKeys = ["a", "b", "c", "name", "x/y", "t~1", "value"];

    // Keys a strategic merge patch against TestSchemas.MergeItem reacts to, directives included.
    private static readonly string[] StrategicKeys =
    [
        "name", "value", "other", "mergingList", "mergingIntList", "nonMergingList", "nonMergingIntList", "simpleMap",
        "retainKeysMap", "retainKeysMergingList", "mergeItemPtr", "replacingItem", "unknown", "$patch", "$retainKeys",
        "$setElementOrder/mergingList", "$setElementOrder/mergingIntList", "$setElementOrder/nonMergingList",
        "$deleteFromPrimitiveList/mergingIntList", "$deleteFromPrimitiveList/mergingList", "$setElementOrder",
        "$deleteFromPrimitiveList",
    ];

    private static readonly string[] StrategicStrings = ["\"delete\"", "\"replace\"", "\"merge\"", "\"name\"", "\"value\"", "\"a\""];

    private static readonly string[] Pointers = ["", "/", "/a", "/a/0", "/a/-", "/a/-1", "/a/9", "/a/b", "/b/c", "a", "/x~1y", "/t~01", "/name/0/a", "/a/+0"];

    private static readonly string[] Operations = ["add", "remove", "replace", "move", "copy", "test", "bogus"];

    [Fact]
    public void A_merge_patch_of_an_object_with_itself_is_the_object()
    {
        ObjectText(PlainKeys, depth: 3, nulls: false, lists: true).Sample(text =>
        {
            var value = Json.Object(text);

            JsonNode.DeepEquals(JsonMergePatch.Apply(value, value), value).Should().BeTrue(text);
        });
    }

    [Fact]
    public void Strategic_merge_without_schema_agrees_with_merge_patch_when_there_are_no_lists_or_directives()
    {
        var gen = ObjectText(PlainKeys, depth: 3, nulls: true, lists: false);
        Gen.Select(gen, gen).Sample((original, patch) =>
        {
            var strategic = StrategicMergePatch.Apply(Json.Object(original), Json.Object(patch), schema: null);
            var merge = JsonMergePatch.Apply(Json.Object(original), Json.Object(patch));

            JsonNode.DeepEquals(strategic, merge).Should().BeTrue("{0} + {1}: {2} vs {3}", original, patch, Json.Text(strategic), Json.Text(merge));
        });
    }

    [Fact]
    public void A_json_patch_add_then_remove_of_a_new_key_restores_the_object()
    {
        var newKey = Gen.OneOf("new", "n/w", "n~w", "~1", string.Empty);
        Gen.Select(ObjectText(PlainKeys, depth: 3, nulls: true, lists: true), newKey, ValueText(PlainKeys, depth: 2, nulls: true, lists: true))
            .Sample((text, key, value) =>
            {
                var pointer = "/" + key.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
                var patch = "[{\"op\":\"add\",\"path\":" + JsonValue.Create(pointer).ToJsonString() + ",\"value\":" + value +
                    "},{\"op\":\"remove\",\"path\":" + JsonValue.Create(pointer).ToJsonString() + "}]";

                JsonNode.DeepEquals(JsonPatch.Apply(Json.Object(text), Json.Parse(patch)), Json.Object(text)).Should().BeTrue(patch);
            });
    }

    [Fact]
    public void Json_patches_fail_only_with_patch_exceptions_and_never_change_their_inputs()
    {
        var outcomes = new Outcomes();
        Gen.Select(ValueText(PlainKeys, depth: 3, nulls: true, lists: true), JsonPatchText()).Sample((target, patch) =>
        {
            var targetNode = Json.Parse(target) ?? new JsonObject();
            var patchNode = Json.Parse(patch);
            ShouldFailOnlyWithPatchException(() => JsonPatch.Apply(targetNode, patchNode), targetNode, patchNode, outcomes);
        }, iter: 3000);

        outcomes.ShouldHaveExercisedBothPaths();
    }

    [Fact]
    public void Merge_patches_fail_only_with_patch_exceptions_and_never_change_their_inputs()
    {
        var value = ValueText(PlainKeys, depth: 3, nulls: true, lists: true);
        Gen.Select(ObjectText(PlainKeys, depth: 3, nulls: true, lists: true), value).Sample((original, patch) =>
        {
            var originalNode = Json.Object(original);
            var patchNode = Json.Parse(patch);
            ShouldFailOnlyWithPatchException(() => JsonMergePatch.ApplyDocument(originalNode, patchNode), originalNode, patchNode);
            ShouldFailOnlyWithPatchException(() => JsonMergePatch.Apply(patchNode, originalNode), originalNode, patchNode);
        });
    }

    [Fact]
    public void Strategic_patches_fail_only_with_patch_exceptions_and_never_change_their_inputs()
    {
        var outcomes = new Outcomes();
        var obj = ObjectText(StrategicKeys, depth: 3, nulls: true, lists: true, StrategicStrings);
        var value = ValueText(StrategicKeys, depth: 3, nulls: true, lists: true, StrategicStrings);
        Gen.Select(obj, value, Gen.Bool).Sample((original, patch, withSchema) =>
        {
            var originalNode = Json.Object(original);
            var patchNode = Json.Parse(patch);
            var schema = withSchema ? TestSchemas.MergeItem : null;
            ShouldFailOnlyWithPatchException(() => StrategicMergePatch.ApplyDocument(originalNode, patchNode, schema), originalNode, patchNode, outcomes);
        }, iter: 3000);

        outcomes.ShouldHaveExercisedBothPaths();
    }

    private static void ShouldFailOnlyWithPatchException(Func<JsonNode?> apply, JsonNode target, JsonNode? patch, Outcomes? outcomes = null)
    {
        var targetText = target.ToJsonString();
        var patchText = Json.Text(patch);
        try
        {
            apply();
            outcomes?.Applied();
        }
        catch (PatchException error)
        {
            error.StatusCode.Should().BeOneOf(400, 413, 422, 500);
            error.Message.Should().NotBeNullOrEmpty();
            outcomes?.Failed();
        }

        target.ToJsonString().Should().Be(targetText);
        Json.Text(patch).Should().Be(patchText);
    }

    // Guards the generators: a fuzz that only ever failed (or only ever succeeded) would prove little.
    private sealed class Outcomes
    {
        private int _applied;
        private int _failed;

        public void Applied() => Interlocked.Increment(ref _applied);

        public void Failed() => Interlocked.Increment(ref _failed);

        public void ShouldHaveExercisedBothPaths()
        {
            _applied.Should().BeGreaterThan(300, "{0} applied, {1} failed", _applied, _failed);
            _failed.Should().BeGreaterThan(300, "{0} applied, {1} failed", _applied, _failed);
        }
    }

    private static Gen<string> JsonPatchText()
    {
        var pointer = Gen.OneOf(Pointers).Select(p => JsonValue.Create(p).ToJsonString());
        var member = Gen.Frequency(
            (6, (IGen<string>)pointer),
            (1, Gen.OneOf("7", "null", "{}")));
        var op = Gen.Frequency(
            (8, (IGen<string>)Gen.OneOf(Operations).Select(o => "\"" + o + "\"")),
            (1, Gen.OneOf("5", "null")));
        var value = ValueText(PlainKeys, depth: 2, nulls: true, lists: true);
        var operation = Gen.Select(op, member, member, value, Gen.Int[0, 15], (o, path, from, v, omit) =>
        {
            var parts = new List<string>(4);
            if ((omit & 1) == 0 || omit == 15)
            {
                parts.Add("\"op\":" + o);
            }

            if ((omit & 2) == 0)
            {
                parts.Add("\"path\":" + path);
            }

            if ((omit & 4) == 0)
            {
                parts.Add("\"from\":" + from);
            }

            if ((omit & 8) == 0)
            {
                parts.Add("\"value\":" + v);
            }

            return "{" + string.Join(',', parts) + "}";
        });
        return Gen.Frequency(
            (10, (IGen<string>)operation.Array[0, 4].Select(ops => "[" + string.Join(',', ops) + "]")),
            (1, Gen.OneOf("null", "{}", "\"x\"", "[1]", "[null]")));
    }

    private static Gen<string> ObjectText(string[] keys, int depth, bool nulls, bool lists, string[]? strings = null) =>
        Gen.Select(Gen.OneOf(keys), ValueText(keys, depth - 1, nulls, lists, strings)).Array[0, 4].Select(members =>
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var builder = new StringBuilder("{");
            foreach (var (key, value) in members)
            {
                if (seen.Add(key))
                {
                    builder.Append(builder.Length > 1 ? "," : string.Empty).Append(JsonValue.Create(key).ToJsonString()).Append(':').Append(value);
                }
            }

            return builder.Append('}').ToString();
        });

    private static Gen<string> ValueText(string[] keys, int depth, bool nulls, bool lists, string[]? strings = null)
    {
        var scalars = new List<IGen<string>>
        {
            Gen.Int[-2, 3].Select(i => i.ToString(CultureInfo.InvariantCulture)),
            Gen.OneOf("1.5", "true", "false", "\"s\"", "\"t\"", "2"),
        };
        if (strings is not null)
        {
            scalars.Add(Gen.OneOf(strings));
        }

        if (nulls)
        {
            scalars.Add(Gen.Const("null"));
        }

        var scalar = Gen.OneOf([.. scalars]);
        if (depth <= 0)
        {
            return scalar;
        }

        var choices = new List<(int, IGen<string>)> { (3, scalar), (2, ObjectText(keys, depth, nulls, lists, strings)) };
        if (lists)
        {
            choices.Add((2, ValueText(keys, depth - 1, nulls, lists, strings).Array[0, 3].Select(items => "[" + string.Join(',', items) + "]")));
        }

        return Gen.Frequency([.. choices]);
    }
}
