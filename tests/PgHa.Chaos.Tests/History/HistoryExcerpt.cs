namespace PgHa.Chaos.Tests.History;

/// <summary>The part of a history around a violation, as lines for a failing test's message.</summary>
internal static class HistoryExcerpt
{
    public static string Around(ChaosHistory history, long at, TimeSpan before, TimeSpan after, int maxLines = 80)
    {
        ArgumentNullException.ThrowIfNull(history);
        var from = at - ChaosHistory.Ticks(before);
        var to = at + ChaosHistory.Ticks(after);
        var lines = history.Read(() =>
        {
            var all = new List<(long At, string Text)>();
            foreach (var b in history.Beliefs)
            {
                all.Add((b.Start, $"belief   {b.Member}#{b.Instance} starts leading"));
                if (b.End is { } end)
                {
                    all.Add((end, $"belief   {b.Member}#{b.Instance} stops leading"));
                }
            }

            foreach (var f in history.FrozenSpans)
            {
                all.Add((f.From, $"frozen   {f.Member} paused"));
                all.Add((f.To, $"frozen   {f.Member} resumed (overdue timers ran)"));
            }

            string? holder = "\0";
            foreach (var l in history.Locks.OrderBy(l => l.At))
            {
                // Renewals only change renewTime: print changes of holder, and renewals inside the window.
                if (l.Holder != holder || (l.At >= from && l.At <= to))
                {
                    all.Add((l.At, l.Deleted ? "lock     deleted" : $"lock     v{l.ResourceVersion} holder={l.Holder ?? "nobody"} transitions={l.Transitions}"));
                }

                holder = l.Holder;
            }

            foreach (var r in history.Routes)
            {
                all.Add((r.At, $"route    v{r.ResourceVersion} -> {r.Target ?? "nobody"} term={r.Term?.ToString() ?? "none"}"));
            }

            foreach (var w in history.RouteWrites)
            {
                all.Add((w.End, $"write    {w.Follower} route {w.Target ?? "nobody"} term={w.Term} -> {w.Outcome} (took {ChaosHistory.Ms(w.End - w.Start):0.0}ms)"));
            }

            foreach (var f in history.Faults)
            {
                all.Add((f.From, $"fault    {f.Kind} {f.Target} starts"));
                if (f.To is { } end)
                {
                    all.Add((end, $"fault    {f.Kind} {f.Target} ends"));
                }
            }

            if (history.FaultsOverAt is { } over)
            {
                all.Add((over, "faults   all over"));
            }

            return all.Where(e => e.At >= from && e.At <= to).OrderBy(e => e.At).ToList();
        });
        var shown = lines.Count > maxLines ? lines.Skip(lines.Count - maxLines).ToList() : lines;
        var text = string.Join(Environment.NewLine, shown.Select(e => $"  {history.At(e.At)}  {e.Text}"));
        return lines.Count > shown.Count ? $"  ... {lines.Count - shown.Count} earlier lines left out{Environment.NewLine}{text}" : text;
    }
}
