using System.Globalization;
using System.Text.Json.Nodes;
using CsCheck;
using PgHa.Testing.Selectors;

namespace PgHa.Testing.Tests.Selectors;

public sealed class LabelSelectorPropertyTests
{
    private const string NameChars = "abcxyzABZ019";
    private const string InnerChars = "abcxyzABZ019-_.";

    private static readonly Gen<string> NamePart =
        Gen.Select(Gen.Char[NameChars], Gen.Char[InnerChars].Array[0, 6], Gen.Char[NameChars], Gen.Bool)
            .Select((first, middle, last, single) => single ? first.ToString() : first + new string(middle) + last);

    private static readonly Gen<string> DnsLabel =
        Gen.Char["abz09"].Array[1, 4].Select(a => new string(a));

    private static readonly Gen<string> Key = Gen.Frequency(
        (6, NamePart),
        (2, Gen.Select(DnsLabel.Array[1, 3], NamePart).Select((labels, name) => string.Join('.', labels) + "/" + name)),
        (1, Gen.OneOf("in", "notin")));

    private static readonly Gen<string> Value = Gen.Frequency((5, NamePart), (1, Gen.Const("")), (1, Gen.OneOf("in", "notin")));

    private static readonly Gen<string> Space = Gen.OneOf("", "", " ", "  ", "\t", "\n", "\r");

    /// <summary>One requirement in any form kube accepts: random spacing, value order and repeats.</summary>
    private static readonly Gen<string> RequirementText = Gen.Enum<LabelOperator>().SelectMany(op => op switch
    {
        LabelOperator.Exists => Gen.Select(Key, Space).Select((k, s) => s + k + s),
        LabelOperator.DoesNotExist => Gen.Select(Key, Space).Select((k, s) => s + "!" + s + k),
        LabelOperator.In or LabelOperator.NotIn => Gen.Select(Key, SetValues(Value), Space).Select((k, values, s) =>
            k + " " + s + (op == LabelOperator.In ? "in" : "notin") + s + "(" + s + string.Join("," + s, values) + s + ")"),
        LabelOperator.GreaterThan or LabelOperator.LessThan => Gen.Select(Key, Gen.Long[0, long.MaxValue], Space).Select((k, n, s) =>
            k + s + (op == LabelOperator.GreaterThan ? ">" : "<") + s + n.ToString(CultureInfo.InvariantCulture)),
        _ => Gen.Select(Key, Value, Space).Select((k, v, s) =>
            k + s + (op == LabelOperator.Equal ? "=" : op == LabelOperator.DoubleEqual ? "==" : "!=") + s + v + " "),
    });

    /// <summary>
    /// Values of an in/notin list with an empty value only in front: kube 1.32 refuses some lists with an empty
    /// value further on (<c>(a,,)</c>), a quirk the table tests pin down and this generator stays clear of.
    /// </summary>
    private static Gen<string[]> SetValues(Gen<string> value) =>
        Gen.Select(Gen.Bool, value.Where(v => v.Length != 0).Array[1, 4])
            .Select((leadingEmpty, values) => leadingEmpty ? ["", .. values] : values);

    private static readonly Gen<string> SelectorText = RequirementText.Array[0, 5].Select(parts => string.Join(",", parts));

    [Fact]
    public void Canonical_form_parses_back_to_an_equal_selector()
    {
        SelectorText.Sample(text =>
        {
            var selector = LabelSelector.Parse(text);
            var again = LabelSelector.Parse(selector.ToString());

            again.Should().Be(selector);
            again.ToString().Should().Be(selector.ToString());
        }, iter: 3000);
    }

    [Fact]
    public void Arbitrary_text_either_parses_to_a_round_tripping_selector_or_fails_with_a_parse_exception()
    {
        // Heavy on the characters the lexer cares about, so that most inputs reach deep into the parser.
        var text = Gen.Frequency(
            (4, Gen.Char["ab=!(),<> \t\0/._-1in"].Array[0, 20].Select(a => new string(a))),
            (1, Gen.String));
        text.Sample(input =>
        {
            LabelSelector selector;
            try
            {
                selector = LabelSelector.Parse(input);
            }
            catch (SelectorParseException)
            {
                return;
            }

            LabelSelector.Parse(selector.ToString()).Should().Be(selector);
        }, iter: 20000);
    }

    [Fact]
    public void Matches_agrees_with_a_plain_dictionary_model_for_both_label_shapes()
    {
        var labelValue = Gen.OneOf("", "a", "b", "in", "5", "-3", "10", "x1");
        var labels = Gen.Select(Gen.OneOf("a", "b", "in", "x/y").Array[0, 4], labelValue.Array[4])
            .Select((keys, values) =>
            {
                var map = new Dictionary<string, string>();
                for (var i = 0; i < keys.Length; i++)
                {
                    map[keys[i]] = values[i];
                }

                return map;
            });
        var requirement = Gen.Select(Gen.OneOf("a", "b", "in", "x/y"), Gen.OneOf("=", "==", "!=", " in ", " notin ", "", "!", ">", "<"),
            SetValues(Gen.OneOf("", "a", "b", "5", "0", "in"))).Select((key, op, values) => op switch
            {
                "" => key,
                "!" => "!" + key,
                " in " or " notin " => key + op + "(" + string.Join(",", values) + ")",
                ">" or "<" => key + op + values.Length.ToString(CultureInfo.InvariantCulture),
                _ => key + op + values[0],
            });

        Gen.Select(requirement.Array[0, 3], labels).Sample((requirements, map) =>
        {
            var selector = LabelSelector.Parse(string.Join(",", requirements));
            var json = ToJson(map);
            var expected = selector.Requirements.All(r => Model(r, map));

            selector.Matches(LabelJson.Parsed(json)).Should().Be(expected);
            selector.Matches(LabelJson.Built(json)).Should().Be(expected);
        }, iter: 3000);
    }

    // Kube's Requirement.Matches over a Go map[string]string, written out independently.
    private static bool Model(LabelRequirement requirement, Dictionary<string, string> labels)
    {
        var exists = labels.TryGetValue(requirement.Key, out var value);
        return requirement.Operator switch
        {
            LabelOperator.Equal or LabelOperator.DoubleEqual or LabelOperator.In => exists && requirement.Values.Contains(value),
            LabelOperator.NotEqual or LabelOperator.NotIn => !exists || !requirement.Values.Contains(value),
            LabelOperator.Exists => exists,
            LabelOperator.DoesNotExist => !exists,
            LabelOperator.GreaterThan => exists && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
                && n > long.Parse(requirement.Values[0], CultureInfo.InvariantCulture),
            LabelOperator.LessThan => exists && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var m)
                && m < long.Parse(requirement.Values[0], CultureInfo.InvariantCulture),
            _ => throw new InvalidOperationException(),
        };
    }

    private static string ToJson(Dictionary<string, string> map)
    {
        var json = new JsonObject();
        foreach (var (key, value) in map)
        {
            json[key] = value;
        }

        return json.ToJsonString();
    }

    [Fact]
    public void Generated_requirements_all_parse()
    {
        // Guards the generator: if it produced unparseable text, the round-trip property would prove little.
        RequirementText.Array[1, 5].Sample(parts =>
        {
            LabelSelector.Parse(string.Join(",", parts)).Requirements.Should().HaveCount(parts.Length);
        }, iter: 1000);
    }
}
