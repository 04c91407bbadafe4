using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PgHa.Testing.Tables;

/// <summary>
/// The comparisons of a JSONPath filter, with the rules of client-go's forked <c>text/template</c> functions: both sides
/// must be the same basic kind (string, integer, float, bool); anything else is an error, which fails the whole path.
/// </summary>
internal static class JsonPathComparison
{
    private enum Kind
    {
        Invalid,
        Bool,
        Integer,
        Float,
        String,
    }

    /// <summary>True or false for the comparison <paramref name="op"/>, null where client-go returns an error.</summary>
    public static bool? Compare(string op, JsonNode? left, JsonNode? right)
    {
        switch (op)
        {
            case "==":
                return Equal(left, right);
            case "!=":
                return !Equal(left, right);
            case "<":
                return Less(left, right);
            case ">":
                // > is the inverse of <=, as in Go's template package.
                return LessOrEqual(left, right) is { } le ? !le : null;
            case "<=":
                return LessOrEqual(left, right);
            case ">=":
                return Less(left, right) is { } lt ? !lt : null;
            case "=~":
                return Match(left, right);
            default:
                return null;
        }
    }

    private static bool? Equal(JsonNode? left, JsonNode? right)
    {
        var k1 = KindOf(left);
        var k2 = KindOf(right);
        if (k1 == Kind.Invalid || k2 == Kind.Invalid || k1 != k2)
        {
            return null;
        }

        return k1 switch
        {
            Kind.Bool => IsTrue(left) == IsTrue(right),
            Kind.Integer => Integer(left) == Integer(right),
            Kind.Float => Float(left).Equals(Float(right)),
            _ => string.Equals(TableJson.AsString(left), TableJson.AsString(right), StringComparison.Ordinal),
        };
    }

    private static bool? Less(JsonNode? left, JsonNode? right)
    {
        var k1 = KindOf(left);
        var k2 = KindOf(right);
        if (k1 is Kind.Invalid or Kind.Bool || k2 is Kind.Invalid or Kind.Bool || k1 != k2)
        {
            return null;
        }

        return k1 switch
        {
            Kind.Integer => Integer(left) < Integer(right),
            Kind.Float => Float(left) < Float(right),
            _ => string.CompareOrdinal(TableJson.AsString(left), TableJson.AsString(right)) < 0,
        };
    }

    private static bool? LessOrEqual(JsonNode? left, JsonNode? right)
    {
        var less = Less(left, right);
        if (less is null)
        {
            return null;
        }

        return less.Value || Equal(left, right) == true;
    }

    private static bool? Match(JsonNode? left, JsonNode? right)
    {
        var data = TableJson.AsString(left);
        var pattern = TableJson.AsString(right);
        if (data is null || pattern is null)
        {
            return null;
        }

        try
        {
            return Regex.IsMatch(data, pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException)
        {
            return null;
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }

    private static Kind KindOf(JsonNode? node)
    {
        if (node is not JsonValue value)
        {
            return Kind.Invalid;
        }

        return value.GetValueKind() switch
        {
            JsonValueKind.True or JsonValueKind.False => Kind.Bool,
            JsonValueKind.String => Kind.String,
            JsonValueKind.Number => TableJson.TryGetInteger(value, out _) ? Kind.Integer : Kind.Float,
            _ => Kind.Invalid,
        };
    }

    private static long Integer(JsonNode? node) => TableJson.TryGetInteger(node, out var value) ? value : 0;

    private static double Float(JsonNode? node) => TableJson.TryGetDouble(node, out var value) ? value : 0;

    private static bool IsTrue(JsonNode? node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.True;
}
