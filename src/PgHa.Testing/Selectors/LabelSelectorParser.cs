using PgHa.Testing.Go;
using PgHa.Testing.Validation;

namespace PgHa.Testing.Selectors;

/// <summary>
/// Kube's label selector recursive-descent parser (k8s.io/apimachinery/pkg/labels, Kubernetes v1.32), token
/// for token, so that every input is accepted or refused exactly as kube does and with kube's message.
/// </summary>
/// <remarks>
/// Kube's quirks are kept on purpose (see also <see cref="LabelSelectorLexer"/> for NUL characters):
/// <c>in</c>/<c>notin</c> are ordinary words as keys and values; <c>x in (a,,)</c> and <c>x in (,,)</c> are
/// refused (fixed only in kube 1.35) while <c>x in (,,,)</c> is accepted.
/// </remarks>
internal sealed class LabelSelectorParser
{
    private const string BinaryOperators = "in, notin, =, ==, !=, gt, lt";

    private readonly List<(LabelSelectorToken Token, string Literal)> _items;
    private int _position;

    private LabelSelectorParser(List<(LabelSelectorToken Token, string Literal)> items) => _items = items;

    /// <summary>Parses <paramref name="text"/> into requirements sorted by key (stable for equal keys).</summary>
    /// <exception cref="SelectorParseException">Kube would refuse the selector; the message is kube's.</exception>
    public static LabelRequirement[] Parse(string text)
    {
        var parser = new LabelSelectorParser(LabelSelectorLexer.Scan(text));

        // OrderBy is stable, like Go's sort.Sort on the short lists selectors are: equal keys keep input order.
        return parser.ParseRequirements().OrderBy(r => r.Key, Utf8OrdinalComparer.Instance).ToArray();
    }

    private List<LabelRequirement> ParseRequirements()
    {
        var requirements = new List<LabelRequirement>();
        while (true)
        {
            var (token, literal) = Lookahead(valuesContext: true);
            switch (token)
            {
                case LabelSelectorToken.Identifier:
                case LabelSelectorToken.Bang:
                    var requirement = ParseRequirement(out var error)
                        ?? throw new SelectorParseException("unable to parse requirement: " + error);
                    requirements.Add(requirement);
                    var (next, nextLiteral) = Consume(valuesContext: true);
                    switch (next)
                    {
                        case LabelSelectorToken.EndOfString:
                            return requirements;
                        case LabelSelectorToken.Comma:
                            var (afterComma, afterCommaLiteral) = Lookahead(valuesContext: true);
                            if (afterComma is not (LabelSelectorToken.Identifier or LabelSelectorToken.Bang))
                            {
                                throw new SelectorParseException("found '" + afterCommaLiteral + "', expected: identifier after ','");
                            }

                            break;
                        default:
                            throw new SelectorParseException("found '" + nextLiteral + "', expected: ',' or 'end of string'");
                    }

                    break;
                case LabelSelectorToken.EndOfString:
                    return requirements;
                default:
                    throw new SelectorParseException("found '" + literal + "', expected: !, identifier, or 'end of string'");
            }
        }
    }

    private LabelRequirement? ParseRequirement(out string error)
    {
        var (token, literal) = Consume(valuesContext: true);
        var op = (LabelOperator?)null;
        if (token == LabelSelectorToken.Bang)
        {
            op = LabelOperator.DoesNotExist;
            (token, literal) = Consume(valuesContext: true);
        }

        if (token != LabelSelectorToken.Identifier)
        {
            error = "found '" + literal + "', expected: identifier";
            return null;
        }

        var key = literal;
        var keyErrors = LabelValidation.IsQualifiedName(key);
        if (keyErrors.Count != 0)
        {
            // Kube validates the key with no field path, which Go prints as "<nil>".
            error = "<nil>: Invalid value: " + GoStrings.Quote(key) + ": " + string.Join("; ", keyErrors);
            return null;
        }

        if (op is null && Lookahead(valuesContext: true).Token is LabelSelectorToken.EndOfString or LabelSelectorToken.Comma)
        {
            op = LabelOperator.Exists;
        }

        if (op is LabelOperator.Exists or LabelOperator.DoesNotExist)
        {
            error = "";
            return new LabelRequirement(key, op.Value, []);
        }

        (token, literal) = Consume(valuesContext: false);
        op = token switch
        {
            LabelSelectorToken.In => LabelOperator.In,
            LabelSelectorToken.SingleEquals => LabelOperator.Equal,
            LabelSelectorToken.DoubleEquals => LabelOperator.DoubleEqual,
            LabelSelectorToken.GreaterThan => LabelOperator.GreaterThan,
            LabelSelectorToken.LessThan => LabelOperator.LessThan,
            LabelSelectorToken.NotIn => LabelOperator.NotIn,
            LabelSelectorToken.NotEquals => LabelOperator.NotEqual,
            _ => null,
        };
        if (op is null)
        {
            error = "found '" + literal + "', expected: " + BinaryOperators;
            return null;
        }

        var values = op is LabelOperator.In or LabelOperator.NotIn ? ParseValues(out error) : ParseExactValue(out error);
        if (values is null)
        {
            return null;
        }

        return NewRequirement(key, op.Value, values, out error);
    }

    private SortedSet<string>? ParseValues(out string error)
    {
        var (token, literal) = Consume(valuesContext: true);
        if (token != LabelSelectorToken.OpenParen)
        {
            error = "found '" + literal + "' expected: '('";
            return null;
        }

        (token, literal) = Lookahead(valuesContext: true);
        switch (token)
        {
            case LabelSelectorToken.Identifier:
            case LabelSelectorToken.Comma:
                var values = ParseIdentifiers(out error);
                if (values is null)
                {
                    return null;
                }

                // ParseIdentifiers stops in front of ')', so this cannot fail; kept as kube has it.
                if (Consume(valuesContext: true).Token != LabelSelectorToken.ClosedParen)
                {
                    error = "found '" + literal + "', expected: ')'";
                    return null;
                }

                return values;
            case LabelSelectorToken.ClosedParen:
                Consume(valuesContext: true);
                error = "";
                return NewSet("");
            default:
                error = "found '" + literal + "', expected: ',', ')' or identifier";
                return null;
        }
    }

    private SortedSet<string>? ParseIdentifiers(out string error)
    {
        var values = NewSet();
        while (true)
        {
            var (token, literal) = Consume(valuesContext: true);
            switch (token)
            {
                case LabelSelectorToken.Identifier:
                    values.Add(literal);
                    var (next, nextLiteral) = Lookahead(valuesContext: true);
                    if (next == LabelSelectorToken.Comma)
                    {
                        continue;
                    }

                    if (next == LabelSelectorToken.ClosedParen)
                    {
                        error = "";
                        return values;
                    }

                    error = "found '" + nextLiteral + "', expected: ',' or ')'";
                    return null;
                case LabelSelectorToken.Comma:
                    if (values.Count == 0)
                    {
                        values.Add("");
                    }

                    var afterComma = Lookahead(valuesContext: true).Token;
                    if (afterComma == LabelSelectorToken.ClosedParen)
                    {
                        values.Add("");
                        error = "";
                        return values;
                    }

                    if (afterComma == LabelSelectorToken.Comma)
                    {
                        // Kube 1.32 swallows the second comma here, which is why "(a,,)" fails.
                        Consume(valuesContext: true);
                        values.Add("");
                    }

                    break;
                default:
                    error = "found '" + literal + "', expected: ',', or identifier";
                    return null;
            }
        }
    }

    private SortedSet<string>? ParseExactValue(out string error)
    {
        error = "";
        if (Lookahead(valuesContext: true).Token is LabelSelectorToken.EndOfString or LabelSelectorToken.Comma)
        {
            return NewSet("");
        }

        var (token, literal) = Consume(valuesContext: true);
        if (token == LabelSelectorToken.Identifier)
        {
            return NewSet(literal);
        }

        error = "found '" + literal + "', expected: identifier";
        return null;
    }

    /// <summary>Kube's <c>NewRequirement</c> checks on what the parser produced, with kube's field paths.</summary>
    private static LabelRequirement? NewRequirement(string key, LabelOperator op, SortedSet<string> valueSet, out string error)
    {
        var values = valueSet.ToArray();
        var errors = new List<string>();
        if (op is LabelOperator.GreaterThan or LabelOperator.LessThan)
        {
            for (var i = 0; i < values.Length; i++)
            {
                if (!LabelRequirement.TryParseInt64(values[i], out _))
                {
                    errors.Add("values[" + i + "]: Invalid value: " + GoStrings.Quote(values[i])
                        + ": for 'Gt', 'Lt' operators, the value must be an integer");
                }
            }
        }

        for (var i = 0; i < values.Length; i++)
        {
            var valueErrors = LabelValidation.IsValidLabelValue(values[i]);
            if (valueErrors.Count != 0)
            {
                errors.Add("values[" + i + "][" + key + "]: Invalid value: " + GoStrings.Quote(values[i]) + ": "
                    + string.Join("; ", valueErrors));
            }
        }

        if (errors.Count == 0)
        {
            error = "";
            return new LabelRequirement(key, op, values);
        }

        // Kube's aggregate error: duplicates dropped, several errors bracketed.
        var distinct = errors.Distinct(StringComparer.Ordinal).ToList();
        error = distinct.Count == 1 ? distinct[0] : "[" + string.Join(", ", distinct) + "]";
        return null;
    }

    private static SortedSet<string> NewSet(params string[] values) => new(values, Utf8OrdinalComparer.Instance);

    private (LabelSelectorToken Token, string Literal) Lookahead(bool valuesContext) => Item(_position, valuesContext);

    private (LabelSelectorToken Token, string Literal) Consume(bool valuesContext)
    {
        var item = Item(_position, valuesContext);
        if (_position < _items.Count - 1)
        {
            _position++;
        }

        return item;
    }

    // Where kube expects values, 'in' and 'notin' are just words.
    private (LabelSelectorToken Token, string Literal) Item(int position, bool valuesContext)
    {
        var (token, literal) = _items[position];
        if (valuesContext && token is LabelSelectorToken.In or LabelSelectorToken.NotIn)
        {
            token = LabelSelectorToken.Identifier;
        }

        return (token, literal);
    }
}
