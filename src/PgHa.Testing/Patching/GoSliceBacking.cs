using System.Text.Json.Nodes;

namespace PgHa.Testing.Patching;

/// <summary>
/// The backing array of the original Go slice as seen through that slice's own length: deletes shift items left and
/// leave the last one in place, and appends into the room they freed overwrite the tail.
/// </summary>
internal sealed class GoSliceBacking(List<JsonNode?> view)
{
    private int _length = view.Count;

    public void RemovedAt(int index)
    {
        for (var i = index; i < _length - 1; i++)
        {
            view[i] = view[i + 1];
        }

        _length--;
    }

    public void Appended(JsonNode? item)
    {
        if (_length < view.Count)
        {
            view[_length] = item;
        }

        _length++;
    }
}
