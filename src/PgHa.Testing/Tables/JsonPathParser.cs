using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace PgHa.Testing.Tables;

/// <summary>
/// Parses the inside of a client-go JSONPath template (<c>k8s.io/client-go/util/jsonpath/parser.go</c>) into steps, with
/// client-go's quirks kept: <c>['a.b']</c> is re-read as <c>.a.b</c>, <c>\.</c> escapes a dot inside a field name,
/// <c>@</c> and <c>$</c> both mean "the current value".
/// </summary>
internal sealed class JsonPathParser
{
    private readonly string _input;
    private readonly List<JsonPathStep> _steps = [];
    private int _pos;

    private JsonPathParser(string input) => _input = input;

    /// <summary>Parses <paramref name="path"/> (what a CRD puts in <c>jsonPath</c>); throws <see cref="FormatException"/> as client-go would fail.</summary>
    public static IReadOnlyList<JsonPathStep> Parse(string path)
    {
        var parser = new JsonPathParser(path);
        parser.ParseAction();
        return parser._steps;
    }

    private void ParseAction()
    {
        while (_pos < _input.Length)
        {
            if (Rest.StartsWith("[?(", StringComparison.Ordinal))
            {
                ParseFilter();
                continue;
            }

            if (Rest.StartsWith("..", StringComparison.Ordinal))
            {
                ParseRecursive();
                continue;
            }

            var c = _input[_pos];
            if (c is ' ' or '@' or '$')
            {
                _pos++;
            }
            else if (c == '[')
            {
                ParseArray();
            }
            else if (c is '"' or '\'')
            {
                ParseQuote(c);
            }
            else if (c == '.')
            {
                _pos++;
                ParseField();
            }
            else if (c is '+' or '-' || char.IsDigit(c))
            {
                ParseNumber();
            }
            else if (c == '_' || char.IsLetter(c))
            {
                ParseIdentifier();
            }
            else if (c is '\r' or '\n')
            {
                throw new FormatException("unclosed action");
            }
            else
            {
                // Braces would end or open another action of the surrounding template: never part of one column path.
                throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"unrecognized character in action: U+{(int)c:X4}"));
            }
        }
    }

    private ReadOnlySpan<char> Rest => _input.AsSpan(_pos);

    private void ParseField()
    {
        var name = new StringBuilder();
        while (_pos < _input.Length)
        {
            var c = _input[_pos];
            if (c == '\\')
            {
                // client-go keeps the escaped character and drops every backslash.
                _pos++;
                if (_pos < _input.Length)
                {
                    name.Append(_input[_pos]);
                    _pos++;
                }

                continue;
            }

            if (IsTerminator(c))
            {
                break;
            }

            name.Append(c);
            _pos++;
        }

        var text = name.ToString();
        _steps.Add(text == "*" ? new JsonPathStep(JsonPathStepKind.Wildcard) : new JsonPathStep(JsonPathStepKind.Field) { Name = text });
    }

    private void ParseRecursive()
    {
        if (_steps.Count > 0 && _steps[^1].Kind == JsonPathStepKind.Recursive)
        {
            throw new FormatException("invalid multiple recursive descent");
        }

        _pos += 2;
        _steps.Add(new JsonPathStep(JsonPathStepKind.Recursive));
        if (_pos < _input.Length && (_input[_pos] == '_' || char.IsLetterOrDigit(_input[_pos])))
        {
            ParseField();
        }
    }

    private void ParseIdentifier()
    {
        var start = _pos;
        while (_pos < _input.Length && !IsTerminator(_input[_pos]))
        {
            _pos++;
        }

        var word = _input.Substring(start, _pos - start);
        if (word is not ("true" or "false"))
        {
            // range/end only make sense in multi-action templates, never in a single column path.
            throw new FormatException($"unsupported identifier {word}");
        }

        _steps.Add(Literal(JsonValue.Create(word == "true")));
    }

    private void ParseNumber()
    {
        var start = _pos;
        if (_input[_pos] is '+' or '-')
        {
            _pos++;
        }

        while (_pos < _input.Length && (_input[_pos] == '.' || char.IsDigit(_input[_pos])))
        {
            _pos++;
        }

        var text = _input.AsSpan(start, _pos - start);
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            _steps.Add(Literal(JsonValue.Create((long)integer)));
        }
        else if (double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            _steps.Add(Literal(JsonValue.Create(number)));
        }
        else
        {
            throw new FormatException($"cannot parse number {text.ToString()}");
        }
    }

    private void ParseQuote(char quote)
    {
        var start = _pos;
        _pos++;
        while (true)
        {
            if (_pos >= _input.Length || _input[_pos] == '\n')
            {
                throw new FormatException("unterminated quoted string");
            }

            var c = _input[_pos];
            _pos++;
            if (c == quote && _input[_pos - 2] != '\\')
            {
                break;
            }
        }

        _steps.Add(Literal(JsonValue.Create(JsonPathText.Unquote(_input.AsSpan(start + 1, _pos - start - 2), quote))));
    }

    private void ParseArray()
    {
        var close = _input.IndexOf(']', _pos);
        var newline = _input.IndexOf('\n', _pos);
        if (close < 0 || (newline >= 0 && newline < close))
        {
            throw new FormatException("unterminated array");
        }

        var text = _input.Substring(_pos + 1, close - _pos - 1);
        _pos = close + 1;
        if (text == "*")
        {
            text = ":";
        }

        if (text.Contains(',', StringComparison.Ordinal))
        {
            var alternatives = new List<IReadOnlyList<JsonPathStep>>();
            foreach (var part in text.Split(','))
            {
                alternatives.Add(Parse("[" + part.Trim(' ') + "]"));
            }

            _steps.Add(new JsonPathStep(JsonPathStepKind.Union) { Alternatives = alternatives });
            return;
        }

        if (text.Length >= 2 && text[0] == '\'' && text[^1] == '\'' && text.IndexOf('\'', 1) == text.Length - 1)
        {
            // client-go re-parses a dict key as ".key", so dots inside it still split fields.
            _steps.AddRange(Parse(string.Concat(".", text.AsSpan(1, text.Length - 2))));
            return;
        }

        _steps.Add(JsonPathText.ParseSlice(text));
    }

    private void ParseFilter()
    {
        _pos += 3;
        var start = _pos;
        var begin = false;
        var end = false;
        var pair = '\0';
        while (true)
        {
            if (_pos >= _input.Length || _input[_pos] == '\n')
            {
                throw new FormatException("unterminated filter");
            }

            var c = _input[_pos];
            _pos++;
            if (c is '"' or '\'')
            {
                if (!begin)
                {
                    begin = true;
                    pair = c;
                }
                else if (_input[_pos - 2] != '\\' && c == pair)
                {
                    end = true;
                }
            }
            else if (c == ')' && begin == end)
            {
                break;
            }
        }

        if (_pos >= _input.Length || _input[_pos] != ']')
        {
            throw new FormatException("unclosed array expect ]");
        }

        _pos++;
        var text = _input.Substring(start, _pos - start - 2);
        if (!JsonPathText.TrySplitComparison(text, out var left, out var op, out var right))
        {
            _steps.Add(new JsonPathStep(JsonPathStepKind.Filter) { Left = Parse(text), Operator = "exists" });
            return;
        }

        _steps.Add(new JsonPathStep(JsonPathStepKind.Filter) { Left = Parse(left), Operator = op, Right = Parse(right) });
    }

    private static JsonPathStep Literal(JsonNode value) => new(JsonPathStepKind.Literal) { Value = value };

    private static bool IsTerminator(char c) =>
        c is ' ' or '\t' or '\r' or '\n' or '.' or ',' or '[' or ']' or '$' or '@' or '{' or '}';
}
