using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using PgHa.Testing.Selectors;

namespace PgHa.Testing.Tests.Properties;

/// <summary>
/// The embedded server's label selectors against the Kubernetes documentation ("Labels and Selectors": what each form
/// selects), and against an independent model: selectors generated as (key, operator, values) requirements, written in
/// any spacing and value order, parse to exactly those requirements, print in kube's canonical form, and select exactly
/// the label sets the model says.
/// </summary>
public sealed class LabelSelectorReferencePropertyTests
{
    private const string None = "{}";
    private const string Production = """{"environment":"production"}""";
    private const string QaFrontend = """{"environment":"qa","tier":"frontend"}""";
    private const string ProductionFrontend = """{"environment":"production","tier":"frontend"}""";
    private const string Backend = """{"tier":"backend"}""";
    private const string CustomerA = """{"partition":"customerA"}""";
    private const string CustomerBQa = """{"partition":"customerB","environment":"qa"}""";
    private const string CustomerCProduction = """{"partition":"customerC","environment":"production"}""";

    [Theory]
    // "environment = production": the key with that value.
    [InlineData("environment = production", Production, true)]
    [InlineData("environment = production", QaFrontend, false)]
    [InlineData("environment = production", None, false)]
    // "tier != frontend": the key with another value, and everything without the key.
    [InlineData("tier != frontend", Backend, true)]
    [InlineData("tier != frontend", QaFrontend, false)]
    [InlineData("tier != frontend", Production, true)]
    [InlineData("tier != frontend", None, true)]
    // "environment=production,tier!=frontend": both (a comma is AND).
    [InlineData("environment=production,tier!=frontend", Production, true)]
    [InlineData("environment=production,tier!=frontend", ProductionFrontend, false)]
    [InlineData("environment=production,tier!=frontend", QaFrontend, false)]
    // "environment in (production, qa)": either value.
    [InlineData("environment in (production, qa)", Production, true)]
    [InlineData("environment in (production, qa)", QaFrontend, true)]
    [InlineData("environment in (production, qa)", Backend, false)]
    // "tier notin (frontend, backend)": other values, and everything without the key.
    [InlineData("tier notin (frontend, backend)", Backend, false)]
    [InlineData("tier notin (frontend, backend)", QaFrontend, false)]
    [InlineData("tier notin (frontend, backend)", """{"tier":"cache"}""", true)]
    [InlineData("tier notin (frontend, backend)", None, true)]
    // "partition": the key, whatever its value; "!partition": no such key.
    [InlineData("partition", CustomerA, true)]
    [InlineData("partition", """{"partition":""}""", true)]
    [InlineData("partition", Production, false)]
    [InlineData("!partition", CustomerA, false)]
    [InlineData("!partition", Production, true)]
    // "partition,environment notin (qa)": a partition key, and environment not qa (or none).
    [InlineData("partition,environment notin (qa)", CustomerA, true)]
    [InlineData("partition,environment notin (qa)", CustomerBQa, false)]
    [InlineData("partition,environment notin (qa)", CustomerCProduction, true)]
    [InlineData("partition,environment notin (qa)", Production, false)]
    // "partition in (customerA, customerB),environment!=qa".
    [InlineData("partition in (customerA, customerB),environment!=qa", CustomerA, true)]
    [InlineData("partition in (customerA, customerB),environment!=qa", CustomerBQa, false)]
    [InlineData("partition in (customerA, customerB),environment!=qa", CustomerCProduction, false)]
    // kubectl's examples: set-based forms with one value mean the same as equality.
    [InlineData("environment in (production),tier in (frontend)", ProductionFrontend, true)]
    [InlineData("environment=production,tier=frontend", ProductionFrontend, true)]
    [InlineData("environment in (production),tier in (frontend)", Production, false)]
    [InlineData("environment,environment notin (frontend)", Production, true)]
    [InlineData("environment,environment notin (frontend)", Backend, false)]
    public void Selects_what_the_kubernetes_documentation_says(string selector, string labels, bool selected)
    {
        var parsed = LabelSelector.Parse(selector);

        parsed.Matches(JsonNode.Parse(labels)!.AsObject()).Should().Be(selected);
        LabelSelector.Parse(parsed.ToString()).Matches(JsonNode.Parse(labels)!.AsObject()).Should().Be(selected, "the canonical form selects the same");
    }

    [Theory]
    [InlineData("environment = production = qa")]
    [InlineData("environment in production")]
    [InlineData("environment in (production")]
    [InlineData("environment notin")]
    [InlineData("!tier=frontend")]
    [InlineData("Environment.Example.com/tier=x")]
    [InlineData("tier=front end")]
    [InlineData("tier>frontend")]
    [InlineData("tier,")]
    [InlineData(",tier")]
    [InlineData("tier=frontend,,env")]
    public void Refuses_what_kube_refuses_with_a_parse_error(string selector)
    {
        var parse = () => LabelSelector.Parse(selector);

        parse.Should().Throw<SelectorParseException>().Which.Message.Should().NotBeNullOrWhiteSpace();
    }

    private static readonly Gen<string> Name = Gen.Frequency(
        (4, Gen.OneOf("environment", "tier", "partition", "a", "in", "notin", "x.y_z-1")),
        (1, Gen.String[Gen.Char["abcXYZ019"], 1, 8]));

    private static readonly Gen<string> Key = Gen.Frequency(
        (5, Name),
        (1, Gen.Select(Gen.OneOf("example.com", "k8s.io", "a.b-c.d"), Name).Select((prefix, name) => prefix + "/" + name)));

    private static readonly Gen<string> Value = Gen.Frequency(
        (6, Gen.OneOf("production", "qa", "frontend", "backend", "customerA", "in", "notin", "1", "a.b_c-d")),
        (1, Gen.Const(string.Empty)));

    private static readonly Gen<Model> Requirement = Gen.Select(Key, Gen.Enum<LabelOperator>(), Value.Where(v => v.Length > 0).Array[1, 4], Gen.Long[-50, 50])
        .Select((key, op, values, bound) => op switch
        {
            LabelOperator.Exists or LabelOperator.DoesNotExist => new Model(key, op, []),
            LabelOperator.GreaterThan or LabelOperator.LessThan => new Model(key, op, [Math.Abs(bound).ToString(CultureInfo.InvariantCulture)]),
            LabelOperator.In or LabelOperator.NotIn => new Model(key, op, values),
            _ => new Model(key, op, [values[0]]),
        });

    private static readonly Gen<string> Space = Gen.OneOf("", "", " ", "  ", "\t");

    [Fact]
    public void A_generated_selector_parses_to_its_requirements_and_prints_in_kubes_canonical_form()
    {
        Gen.Select(Requirement.Array[1, 5], Space.Array[8], Gen.Int).Sample((models, spaces, shuffle) =>
        {
            var text = string.Join(",", models.Select((m, i) => m.Write(spaces, shuffle + i)));

            var selector = LabelSelector.Parse(text);

            // Sorted by key (UTF-8 order, stable for equal keys), values sorted and distinct, as kube keeps them.
            var expected = models.OrderBy(m => m.Key, StringComparer.Ordinal).ToList();
            selector.Requirements.Select(r => (r.Key, r.Operator, string.Join("|", r.Values)))
                .Should().Equal(expected.Select(m => (m.Key, m.Operator, string.Join("|", m.CanonicalValues))), text);
            selector.ToString().Should().Be(string.Join(",", expected.Select(m => m.Canonical)), text);
            LabelSelector.Parse(selector.ToString()).Should().Be(selector);
        });
    }

    [Fact]
    public void A_generated_selector_selects_exactly_the_label_sets_its_requirements_say()
    {
        var selected = new int[2];
        Gen.Select(Requirement.Array[1, 3], Gen.Int[0, 1 << 20]).Sample((models, choices) =>
        {
            var selector = LabelSelector.Parse(string.Join(",", models.Select(m => m.Canonical)));
            var labels = LabelsAround(models, choices);

            var expected = models.All(m => m.Selects(labels));

            selector.Matches(ToJson(labels)).Should().Be(expected, "{0} on {1}", selector, ToJson(labels).ToJsonString());
            Interlocked.Increment(ref selected[expected ? 0 : 1]);
        }, iter: 3000);

        // Guards the generator: label sets built around the requirements are selected often enough to tell.
        selected[0].Should().BeGreaterThan(300);
        selected[1].Should().BeGreaterThan(300);
    }

    [Fact]
    public void Parse_fails_only_with_its_parse_exception_on_any_text()
    {
        var text = Gen.Frequency(
            (3, Gen.String),
            (2, Gen.String[Gen.Char["\u0000\ud800\udc00é٣=!(),<> in"], 0, 16]),
            (1, Gen.Select(Requirement.Array[1, 3], Gen.String[Gen.Char["=!(),<> "], 1, 3], Gen.Int[0, 40]).Select((models, junk, at) =>
            {
                var valid = string.Join(",", models.Select(m => m.Canonical));
                var index = Math.Min(at, valid.Length);
                return valid[..index] + junk + valid[index..];
            })));
        text.Sample(input =>
        {
            try
            {
                LabelSelector.Parse(input);
            }
            catch (SelectorParseException e)
            {
                e.Message.Should().NotBeNullOrEmpty();
            }
        }, iter: 5000);
    }

    // Label sets near the requirements: each key absent, with one of its values, or with another value.
    private static Dictionary<string, string> LabelsAround(Model[] models, int choices)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var model in models)
        {
            var choice = choices % 4;
            choices /= 4;
            switch (choice)
            {
                case 0:
                    break;
                case 1 when model.Values.Length > 0:
                    labels[model.Key] = model.Values[choices % model.Values.Length];
                    break;
                case 2 when model.Operator is LabelOperator.GreaterThan or LabelOperator.LessThan:
                    labels[model.Key] = (long.Parse(model.Values[0], CultureInfo.InvariantCulture) + (choices % 3) - 1).ToString(CultureInfo.InvariantCulture);
                    break;
                default:
                    labels[model.Key] = choice == 3 ? string.Empty : "other";
                    break;
            }
        }

        return labels;
    }

    private static JsonObject ToJson(Dictionary<string, string> labels)
    {
        var json = new JsonObject();
        foreach (var (key, value) in labels)
        {
            json[key] = value;
        }

        return json;
    }

    /// <summary>One requirement as the model sees it: the operator's meaning written out from the documentation.</summary>
    private sealed record Model(string Key, LabelOperator Operator, string[] Values)
    {
        public string[] CanonicalValues => Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();

        public string Canonical => Operator switch
        {
            LabelOperator.Exists => Key,
            LabelOperator.DoesNotExist => "!" + Key,
            LabelOperator.Equal => Key + "=" + Values[0],
            LabelOperator.DoubleEqual => Key + "==" + Values[0],
            LabelOperator.NotEqual => Key + "!=" + Values[0],
            LabelOperator.In => Key + " in (" + string.Join(",", CanonicalValues) + ")",
            LabelOperator.NotIn => Key + " notin (" + string.Join(",", CanonicalValues) + ")",
            LabelOperator.GreaterThan => Key + ">" + Values[0],
            _ => Key + "<" + Values[0],
        };

        /// <summary>The requirement written as a person might: any spacing kube allows, values in any order, repeated.</summary>
        public string Write(string[] spaces, int shuffle)
        {
            string S(int i) => spaces[(i + shuffle) & 7];
            var values = Values.Concat(shuffle % 3 == 0 ? Values.Take(1) : []).OrderBy(v => (v.GetHashCode(StringComparison.Ordinal) ^ shuffle) & 0xff).ToArray();
            var builder = new StringBuilder(S(0));
            switch (Operator)
            {
                case LabelOperator.Exists:
                    builder.Append(Key);
                    break;
                case LabelOperator.DoesNotExist:
                    builder.Append('!').Append(S(1)).Append(Key);
                    break;
                case LabelOperator.In or LabelOperator.NotIn:
                    // A word operator needs a space before it; the parenthesis needs none.
                    builder.Append(Key).Append(' ').Append(S(2)).Append(Operator == LabelOperator.In ? "in" : "notin").Append(S(3))
                        .Append('(').Append(S(4)).Append(string.Join(S(5) + "," + S(6), values)).Append(S(7)).Append(')');
                    break;
                default:
                    var op = Operator switch
                    {
                        LabelOperator.Equal => "=",
                        LabelOperator.DoubleEqual => "==",
                        LabelOperator.NotEqual => "!=",
                        LabelOperator.GreaterThan => ">",
                        _ => "<",
                    };
                    builder.Append(Key).Append(S(2)).Append(op).Append(S(3)).Append(Values[0]);
                    break;
            }

            return builder.Append(S(7)).ToString();
        }

        public bool Selects(Dictionary<string, string> labels)
        {
            var has = labels.TryGetValue(Key, out var value);
            return Operator switch
            {
                LabelOperator.Exists => has,
                LabelOperator.DoesNotExist => !has,
                LabelOperator.Equal or LabelOperator.DoubleEqual or LabelOperator.In => has && Values.Contains(value),
                LabelOperator.NotEqual or LabelOperator.NotIn => !has || !Values.Contains(value),
                LabelOperator.GreaterThan => has && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && n > long.Parse(Values[0], CultureInfo.InvariantCulture),
                _ => has && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var m) && m < long.Parse(Values[0], CultureInfo.InvariantCulture),
            };
        }
    }
}
