using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PgHa.Testing.Go;

namespace PgHa.Testing.Selectors;

/// <summary>
/// One requirement of a label selector: a key, an operator and its values (sorted and distinct for parsed
/// selectors, as kube keeps them). Immutable.
/// </summary>
internal sealed class LabelRequirement : IEquatable<LabelRequirement>
{
    private readonly string[] _values;

    // The integer bound of GreaterThan/LessThan, parsed once: the parser has already checked it is one.
    private readonly long _bound;

    internal LabelRequirement(string key, LabelOperator op, string[] values)
    {
        Key = key;
        Operator = op;
        _values = values;
        if (op is LabelOperator.GreaterThan or LabelOperator.LessThan)
        {
            if (values.Length != 1 || !TryParseInt64(values[0], out _bound))
            {
                throw new ArgumentException("'gt' and 'lt' need exactly one integer value.", nameof(values));
            }
        }
    }

    public string Key { get; }

    public LabelOperator Operator { get; }

    /// <summary>The values; empty for <see cref="LabelOperator.Exists"/> and <see cref="LabelOperator.DoesNotExist"/>.</summary>
    public IReadOnlyList<string> Values => _values;

    /// <summary>
    /// Kube's <c>Requirement.Matches</c> against <c>metadata.labels</c> as stored. A JSON null value counts as
    /// the empty string, as it does once Go has decoded it into a <c>map[string]string</c>. Allocates nothing.
    /// </summary>
    public bool Matches(JsonObject? labels)
    {
        JsonNode? node = null;
        var exists = labels is not null && labels.TryGetPropertyValue(Key, out node);
        switch (Operator)
        {
            case LabelOperator.In:
            case LabelOperator.Equal:
            case LabelOperator.DoubleEqual:
                return exists && HasValue(node);
            case LabelOperator.NotIn:
            case LabelOperator.NotEqual:
                return !exists || !HasValue(node);
            case LabelOperator.Exists:
                return exists;
            case LabelOperator.DoesNotExist:
                return !exists;
            case LabelOperator.GreaterThan:
                return exists && TryReadInt64(node, out var above) && above > _bound;
            case LabelOperator.LessThan:
                return exists && TryReadInt64(node, out var below) && below < _bound;
            default:
                return false;
        }
    }

    /// <summary>Kube's <c>Requirement.String</c>: <c>k=v</c>, <c>k in (a,b)</c>, <c>!k</c>, <c>k&gt;5</c>, ...</summary>
    public override string ToString()
    {
        var builder = new StringBuilder();
        AppendTo(builder);
        return builder.ToString();
    }

    internal void AppendTo(StringBuilder builder)
    {
        if (Operator == LabelOperator.DoesNotExist)
        {
            builder.Append('!');
        }

        builder.Append(Key);
        switch (Operator)
        {
            case LabelOperator.Exists:
            case LabelOperator.DoesNotExist:
                return;
            case LabelOperator.Equal:
                builder.Append('=');
                break;
            case LabelOperator.DoubleEqual:
                builder.Append("==");
                break;
            case LabelOperator.NotEqual:
                builder.Append("!=");
                break;
            case LabelOperator.In:
                builder.Append(" in (");
                break;
            case LabelOperator.NotIn:
                builder.Append(" notin (");
                break;
            case LabelOperator.GreaterThan:
                builder.Append('>');
                break;
            case LabelOperator.LessThan:
                builder.Append('<');
                break;
        }

        // Kube prints several values sorted, without changing the requirement itself.
        var values = _values;
        if (_values.Length > 1 && !IsSorted(_values))
        {
            var sorted = (string[])_values.Clone();
            Array.Sort(sorted, Utf8OrdinalComparer.Instance);
            values = sorted;
        }

        for (var i = 0; i < values.Length; i++)
        {
            if (i > 0)
            {
                builder.Append(',');
            }

            builder.Append(values[i]);
        }

        if (Operator is LabelOperator.In or LabelOperator.NotIn)
        {
            builder.Append(')');
        }
    }

    public bool Equals(LabelRequirement? other) =>
        other is not null && Key == other.Key && Operator == other.Operator && _values.AsSpan().SequenceEqual(other._values);

    public override bool Equals(object? obj) => Equals(obj as LabelRequirement);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Key, StringComparer.Ordinal);
        hash.Add(Operator);
        foreach (var value in _values)
        {
            hash.Add(value, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }

    /// <summary>Go's <c>strconv.ParseInt(s, 10, 64)</c>: an optional sign and decimal digits, in range.</summary>
    internal static bool TryParseInt64(ReadOnlySpan<char> text, out long value)
    {
        value = 0;
        if (text.IsEmpty)
        {
            return false;
        }

        var negative = text[0] == '-';
        if (text[0] is '-' or '+')
        {
            text = text[1..];
            if (text.IsEmpty)
            {
                return false;
            }
        }

        ulong magnitude = 0;
        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            // Stop before the multiplication could wrap; 2^63 is the largest magnitude (of a negative value).
            if (magnitude > ((ulong)long.MaxValue + 1) / 10)
            {
                return false;
            }

            magnitude = (magnitude * 10) + (ulong)(c - '0');
            if (magnitude > (ulong)long.MaxValue + 1)
            {
                return false;
            }
        }

        if (!negative && magnitude > long.MaxValue)
        {
            return false;
        }

        value = negative ? (long)(0 - magnitude) : (long)magnitude;
        return true;
    }

    private static bool TryParseInt64(ReadOnlySpan<byte> utf8, out long value)
    {
        // Integers are ASCII, so the bytes can be read as chars one by one.
        Span<char> chars = stackalloc char[Math.Min(utf8.Length, 24)];
        if (utf8.Length > chars.Length)
        {
            value = 0;
            return false;
        }

        for (var i = 0; i < utf8.Length; i++)
        {
            chars[i] = (char)utf8[i];
        }

        return TryParseInt64(chars, out value);
    }

    private static bool IsSorted(string[] values)
    {
        for (var i = 1; i < values.Length; i++)
        {
            if (Utf8OrdinalComparer.Instance.Compare(values[i - 1], values[i]) > 0)
            {
                return false;
            }
        }

        return true;
    }

    private bool HasValue(JsonNode? node)
    {
        if (node is null)
        {
            return Array.IndexOf(_values, "") >= 0;
        }

        if (node is not JsonValue value)
        {
            return false;
        }

        // Parsed documents hold JsonElements: comparing through the element avoids decoding a string.
        if (value.TryGetValue<JsonElement>(out var element))
        {
            if (element.ValueKind != JsonValueKind.String)
            {
                return false;
            }

            foreach (var candidate in _values)
            {
                if (element.ValueEquals(candidate))
                {
                    return true;
                }
            }

            return false;
        }

        return value.TryGetValue<string>(out var text) && Array.IndexOf(_values, text) >= 0;
    }

    private static bool TryReadInt64(JsonNode? node, out long number)
    {
        number = 0;
        if (node is not JsonValue value)
        {
            // Null reads as "", which is not an integer.
            return false;
        }

        if (value.TryGetValue<JsonElement>(out var element))
        {
            if (element.ValueKind != JsonValueKind.String)
            {
                return false;
            }

            var raw = JsonMarshal.GetRawUtf8Value(element);
            var content = raw.Length >= 2 ? raw[1..^1] : raw;
            return content.IndexOf((byte)'\\') < 0
                ? TryParseInt64(content, out number)
                : TryParseInt64(element.GetString(), out number);
        }

        return value.TryGetValue<string>(out var text) && TryParseInt64(text, out number);
    }
}
