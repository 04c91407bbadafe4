using System.Text;
using System.Text.Json.Nodes;

namespace PgHa.Testing.Tables;

/// <summary>
/// A printer column's JSONPath, evaluated as client-go's <c>JSONPath.FindResults</c> with <c>AllowMissingKeys(true)</c>
/// (what apiextensions' table convertor uses): missing keys give no result, type errors and bad indexes fail the path.
/// </summary>
internal sealed class ColumnJsonPath
{
    private readonly IReadOnlyList<JsonPathStep> _steps;

    private ColumnJsonPath(string text, IReadOnlyList<JsonPathStep> steps)
    {
        Text = text;
        _steps = steps;
    }

    /// <summary>The path as written, e.g. <c>.status.conditions[?(@.type=="Ready")].status</c>.</summary>
    public string Text { get; }

    /// <summary>Parses <paramref name="path"/>; false (with client-go's reason) where kube's <c>jsonpath.Parse</c> fails.</summary>
    public static bool TryParse(string path, out ColumnJsonPath? result, out string? error)
    {
        try
        {
            result = new ColumnJsonPath(path, JsonPathParser.Parse(path));
            error = null;
            return true;
        }
        catch (FormatException e)
        {
            result = null;
            error = e.Message;
            return false;
        }
    }

    /// <summary>
    /// Evaluates against <paramref name="root"/>, filling <paramref name="results"/> (a JSON null is a result of its own).
    /// False when client-go would return an error.
    /// </summary>
    public bool TryEvaluate(JsonNode? root, List<JsonNode?> results)
    {
        results.Clear();
        results.Add(root);
        return Walk(_steps, results);
    }

    private static bool Walk(IReadOnlyList<JsonPathStep> steps, List<JsonNode?> values)
    {
        var next = new List<JsonNode?>();
        foreach (var step in steps)
        {
            next.Clear();
            var ok = Apply(step, values, next);

            // Like client-go's evalList, the values returned by a failing step are what the caller sees.
            values.Clear();
            values.AddRange(next);
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private static bool Apply(JsonPathStep step, List<JsonNode?> input, List<JsonNode?> output)
    {
        switch (step.Kind)
        {
            case JsonPathStepKind.Field:
                foreach (var value in input)
                {
                    if (value is JsonObject obj && obj.TryGetPropertyValue(step.Name, out var child))
                    {
                        output.Add(child);
                    }
                }

                return true;
            case JsonPathStepKind.Wildcard:
                foreach (var value in input)
                {
                    AddChildren(value, output);
                }

                return true;
            case JsonPathStepKind.Recursive:
                AddRecursive(input, output);
                return true;
            case JsonPathStepKind.Slice:
                return ApplySlice(step, input, output);
            case JsonPathStepKind.Filter:
                return ApplyFilter(step, input, output);
            case JsonPathStepKind.Union:
                foreach (var alternative in step.Alternatives)
                {
                    var values = new List<JsonNode?>(input);
                    if (!Walk(alternative, values))
                    {
                        output.AddRange(input);
                        return false;
                    }

                    output.AddRange(values);
                }

                return true;
            default:
                // A literal yields itself: client-go's text node once, its number and bool nodes once per input value.
                var count = step.Value is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String ? 1 : input.Count;
                for (var i = 0; i < count; i++)
                {
                    output.Add(step.Value);
                }

                return true;
        }
    }

    private static bool ApplySlice(JsonPathStep step, List<JsonNode?> input, List<JsonNode?> output)
    {
        foreach (var value in input)
        {
            if (value is null)
            {
                continue;
            }

            if (value is not JsonArray array)
            {
                return Fail(input, output);
            }

            var length = array.Count;
            var start = step.Start ?? 0;
            if (start < 0)
            {
                start += length;
            }

            var end = step.End ?? length;
            if (end < 0 || (end == 0 && step.EndDerived))
            {
                end += length;
            }

            if (end == start)
            {
                return true;
            }

            if (start >= length || start < 0 || end > length || end < 0 || start > end || step.Step is <= 0)
            {
                return Fail(input, output);
            }

            var stride = step.Step ?? 1;
            for (var i = start; i < end; i += stride)
            {
                output.Add(array[i]);
            }
        }

        return true;
    }

    private static bool ApplyFilter(JsonPathStep step, List<JsonNode?> input, List<JsonNode?> output)
    {
        var operand = new List<JsonNode?>();
        foreach (var value in input)
        {
            if (value is not JsonArray array)
            {
                // Unlike the other steps, client-go's filter does not skip nil: filtering null is an error.
                return Fail(input, output);
            }

            foreach (var element in array)
            {
                operand.Clear();
                operand.Add(element);
                var leftOk = Walk(step.Left, operand);
                if (step.Operator == "exists")
                {
                    if (operand.Count > 0)
                    {
                        output.Add(element);
                    }

                    continue;
                }

                if (!leftOk || operand.Count > 1)
                {
                    return Fail(input, output);
                }

                if (operand.Count == 0)
                {
                    continue;
                }

                var left = operand[0];
                operand.Clear();
                operand.Add(element);
                if (!Walk(step.Right, operand) || operand.Count > 1)
                {
                    return Fail(input, output);
                }

                if (operand.Count == 0)
                {
                    continue;
                }

                var pass = JsonPathComparison.Compare(step.Operator, left, operand[0]);
                if (pass is null)
                {
                    // Comparison errors return the elements that passed so far, as client-go's evalFilter does.
                    return false;
                }

                if (pass.Value)
                {
                    output.Add(element);
                }
            }
        }

        return true;
    }

    private static void AddChildren(JsonNode? value, List<JsonNode?> output)
    {
        switch (value)
        {
            case JsonObject obj:
                foreach (var property in obj)
                {
                    output.Add(property.Value);
                }

                break;
            case JsonArray array:
                foreach (var element in array)
                {
                    output.Add(element);
                }

                break;
            case JsonValue text when TableJson.AsString(text) is { } s:
                // Go indexes a string by byte, so a wildcard over a string yields its UTF-8 bytes as numbers.
                foreach (var b in Encoding.UTF8.GetBytes(s))
                {
                    output.Add(JsonValue.Create((long)b));
                }

                break;
        }
    }

    private static void AddRecursive(List<JsonNode?> input, List<JsonNode?> output)
    {
        var children = new List<JsonNode?>();
        foreach (var value in input)
        {
            children.Clear();
            AddChildren(value, children);
            if (children.Count == 0)
            {
                continue;
            }

            // Only containers are collected, each before its descendants.
            output.Add(value);
            AddRecursive(new List<JsonNode?>(children), output);
        }
    }

    private static bool Fail(List<JsonNode?> input, List<JsonNode?> output)
    {
        output.Clear();
        output.AddRange(input);
        return false;
    }
}
