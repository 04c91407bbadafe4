using System.Text.Json.Nodes;
using PgHa.Testing.Go;

namespace PgHa.Testing.Tables;

/// <summary>kube's <c>labels.FormatLabels</c>: <c>k=v</c> pairs sorted and comma-joined, <c>&lt;none&gt;</c> when empty.</summary>
internal static class Labels
{
    public static string Format(JsonObject? labels)
    {
        if (labels is null || labels.Count == 0)
        {
            return "<none>";
        }

        var pairs = new List<string>(labels.Count);
        foreach (var label in labels)
        {
            pairs.Add(label.Key + "=" + TableJson.AsString(label.Value));
        }

        // Go sorts the joined "k=v" strings, not the keys.
        pairs.Sort(Utf8OrdinalComparer.Instance);
        return string.Join(',', pairs);
    }
}
