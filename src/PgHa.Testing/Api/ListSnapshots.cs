using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using PgHa.Testing.Storage;

namespace PgHa.Testing.Api;

/// <summary>
/// The rest of paged lists. kube serves a continue token from etcd's snapshot at the first page's
/// revision; the server keeps the (immutable) remaining objects instead, for a few minutes, so every
/// page of one list reflects the same resourceVersion. A token that expired answers 410, as kube does
/// once etcd compacted past it.
/// </summary>
internal sealed class ListSnapshots
{
    private const int MaxSnapshots = 256;
    private readonly object _gate = new();
    private readonly Dictionary<string, Snapshot> _snapshots = new(StringComparer.Ordinal);
    private readonly LinkedList<string> _order = new();
    private readonly TimeProvider _time;
    private readonly TimeSpan _lifetime;

    public ListSnapshots(TimeProvider time, TimeSpan lifetime)
    {
        _time = time;
        _lifetime = lifetime;
    }

    public const string ExpiredMessage =
        "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.";

    /// <summary>Returns the first page of <paramref name="items"/> and keeps the rest behind a token.</summary>
    public ListResult FirstPage(List<StoredObject> items, long resourceVersion, long? limit)
    {
        if (limit is not > 0 || items.Count <= limit)
        {
            return new ListResult(items, resourceVersion, null, null);
        }

        var id = Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
        lock (_gate)
        {
            Evict();
            _snapshots[id] = new Snapshot(items, resourceVersion, _time.GetTimestamp());
            _order.AddLast(id);
        }

        return Page(id, items, resourceVersion, 0, limit.Value);
    }

    /// <summary>The page after <paramref name="token"/>; throws 400 for a malformed token and 410 for an expired one.</summary>
    public ListResult Next(string token, long? limit)
    {
        var (id, offset) = Decode(token);
        Snapshot? snapshot;
        lock (_gate)
        {
            Evict();
            _snapshots.TryGetValue(id, out snapshot);
        }

        if (snapshot is null || offset > snapshot.Items.Count)
        {
            throw ApiException.Expired(ExpiredMessage);
        }

        return Page(id, snapshot.Items, snapshot.ResourceVersion, offset, limit is > 0 ? limit.Value : long.MaxValue);
    }

    private ListResult Page(string id, List<StoredObject> items, long resourceVersion, int offset, long limit)
    {
        var count = (int)Math.Min(limit, items.Count - offset);
        var page = items.GetRange(offset, count);
        var next = offset + count;
        if (next >= items.Count)
        {
            lock (_gate)
            {
                if (_snapshots.Remove(id))
                {
                    _order.Remove(id);
                }
            }

            return new ListResult(page, resourceVersion, null, null);
        }

        var token = Convert.ToBase64String(Encoding.ASCII.GetBytes(id + ":" + next.ToString(CultureInfo.InvariantCulture)));
        return new ListResult(page, resourceVersion, token, items.Count - next);
    }

    private static (string Id, int Offset) Decode(string token)
    {
        try
        {
            var text = Encoding.ASCII.GetString(Convert.FromBase64String(token));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
            {
                return (text[..colon], offset);
            }
        }
        catch (FormatException)
        {
        }

        throw ApiException.BadRequest("continue key is not valid: invalid continue token");
    }

    private void Evict()
    {
        var now = _time.GetTimestamp();
        while (_order.First is { } oldest &&
            (_snapshots.Count > MaxSnapshots || _time.GetElapsedTime(_snapshots[oldest.Value].CreatedAt, now) > _lifetime))
        {
            _snapshots.Remove(oldest.Value);
            _order.RemoveFirst();
        }
    }

    private sealed record Snapshot(List<StoredObject> Items, long ResourceVersion, long CreatedAt);
}
