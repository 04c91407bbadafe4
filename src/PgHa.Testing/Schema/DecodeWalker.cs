using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;
using PgHa.Testing.Go;
using PgHa.Testing.Validation;

namespace PgHa.Testing.Schema;

/// <summary>
/// The per-thread state of one <see cref="ObjectDecoder"/> walk: the current path (kept as segments and
/// only turned into strings when something is reported) and what was found. This part holds the shared
/// machinery and Go's <c>encoding/json</c> rules for built-in kinds.
/// </summary>
internal sealed partial class DecodeWalker
{
    private const int MaxStrictErrors = 100;

    // One cached success result per schema and mode, so a valid body allocates nothing.
    private static readonly ConditionalWeakTable<SchemaNode, DecodeResult[]> Successes = [];

    private Segment[] _path = new Segment[32];
    private int _depth;

    // Index of the first segment Go's error context counts (after "metadata" when decoding a CR's ObjectMeta).
    private int _goBase;
    private FieldValidation _validation;
    private List<string>? _unknown;
    private List<string>? _pruned;
    private string? _savedError;
    private string? _returnedError;
    private List<FieldError>? _fieldErrors;

    private enum SegmentKind
    {
        Field,
        MapKey,
        Index,
    }

    public DecodeResult Run(JsonObject body, SchemaNode schema, FieldValidation validation, bool isCustomResource)
    {
        _validation = validation;
        if (isCustomResource)
        {
            VisitCustomObject(body, schema, isRoot: true);
        }
        else
        {
            VisitGo(body, schema);
        }

        var decodeError = _returnedError ?? _savedError;
        if (decodeError is null && _unknown is null && _pruned is null && _fieldErrors is null)
        {
            return Success(schema, validation);
        }

        List<string>? unknown = _unknown;
        if (_pruned is not null)
        {
            // apiextensions sorts the pruned paths; ObjectMeta's unknown fields come first.
            _pruned.Sort(Utf8OrdinalComparer.Instance);
            unknown = unknown is null ? _pruned : [.. unknown, .. _pruned];
        }

        return new DecodeResult(schema.GroupVersionKind ?? default, validation, unknown, decodeError, _fieldErrors);
    }

    public void Reset()
    {
        Array.Clear(_path, 0, _depth);
        _depth = 0;
        _goBase = 0;
        _unknown = null;
        _pruned = null;
        _savedError = null;
        _returnedError = null;
        _fieldErrors = null;
    }

    private static DecodeResult Success(SchemaNode schema, FieldValidation validation)
    {
        var results = Successes.GetValue(schema, static s =>
        [
            new DecodeResult(s.GroupVersionKind ?? default, FieldValidation.Ignore, null, null, null),
            new DecodeResult(s.GroupVersionKind ?? default, FieldValidation.Warn, null, null, null),
            new DecodeResult(s.GroupVersionKind ?? default, FieldValidation.Strict, null, null, null),
        ]);
        return results[(int)validation];
    }

    private void SaveError(string error) => _savedError ??= error;

    // An error returned by a type's own UnmarshalJSON: it ends the decoding and wins over saved errors.
    private void ReturnError(string error) => _returnedError ??= error;

    private void RecordUnknown(string key)
    {
        if (_validation == FieldValidation.Ignore)
        {
            return;
        }

        _unknown ??= [];
        if (_unknown.Count < MaxStrictErrors)
        {
            _unknown.Add(PathWith(key));
        }
    }

    private void Push(SegmentKind kind, string? key, int index, SchemaNode? owner)
    {
        if (_depth == _path.Length)
        {
            Array.Resize(ref _path, _path.Length * 2);
        }

        _path[_depth++] = new Segment(kind, key, index, owner);
    }

    private void Pop() => _path[--_depth] = default;

    private string PathString()
    {
        var builder = new StringBuilder();
        for (var i = 0; i < _depth; i++)
        {
            var segment = _path[i];
            if (segment.Kind == SegmentKind.Index)
            {
                builder.Append('[').Append(segment.Index).Append(']');
            }
            else
            {
                builder.Append(builder.Length == 0 ? string.Empty : ".").Append(segment.Key);
            }
        }

        return builder.ToString();
    }

    private string PathWith(string key) => _depth == 0 ? key : PathString() + "." + key;

    private readonly record struct Segment(SegmentKind Kind, string? Key, int Index, SchemaNode? Owner);
}
