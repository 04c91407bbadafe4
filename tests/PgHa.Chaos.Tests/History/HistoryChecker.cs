using PgHa.Routing;

namespace PgHa.Chaos.Tests.History;

/// <summary>
/// Judges a recorded <see cref="ChaosHistory"/>: (1) safety, (2) routing, (3) fencing, (4) liveness, (5) foreign
/// annotations. Pure: it reads the history only, so it is tested on hand-made histories too.
/// </summary>
internal static class HistoryChecker
{
    public static List<Violation> Run(ChaosHistory history, CheckerLimits limits, IReadOnlyDictionary<string, string> foreignAnnotations)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(limits);
        return history.Read(() =>
        {
            var end = history.EndedAt ?? ChaosHistory.Now;
            Clip(history, end);
            var violations = new List<Violation>();
            Safety(history, end, violations);
            Routing(history, end, ChaosHistory.Ticks(limits.RouteAllowance), violations);
            Fencing(history, violations);
            Liveness(history, end, ChaosHistory.Ticks(limits.LivenessBound), violations);
            Annotations(history, foreignAnnotations, violations);
            return violations;
        });
    }

    /// <summary>
    /// (1) No two beliefs of different members (or instances) overlap. A member's frozen spans (a pause, up to the
    /// moment its overdue timers ran on resume) do not count as belief: a frozen process executes nothing, and what it
    /// sends after it resumes is for the fencing check.
    /// </summary>
    private static void Safety(ChaosHistory history, long end, List<Violation> violations)
    {
        var spans = history.Beliefs
            .SelectMany(b => Subtract(b.Start, b.End ?? end, history.FrozenSpans.Where(f => f.Member == b.Member)).Select(s => (Belief: b, s.From, s.To)))
            .OrderBy(s => s.From)
            .ToList();
        for (var i = 0; i < spans.Count; i++)
        {
            for (var j = i + 1; j < spans.Count && spans[j].From < spans[i].To; j++)
            {
                var (a, b) = (spans[i].Belief, spans[j].Belief);
                if (a.Member == b.Member && a.Instance == b.Instance)
                {
                    continue;
                }

                var overlap = Math.Min(spans[i].To, spans[j].To) - spans[j].From;
                violations.Add(new Violation(History.Check.Safety, spans[j].From,
                    $"{a.Member}#{a.Instance} (leading since {history.At(a.Start)}) and {b.Member}#{b.Instance} (since {history.At(b.Start)}) both believed they led for {ChaosHistory.Ms(overlap):0.0}ms from {history.At(spans[j].From)}"));
            }
        }
    }

    /// <summary>
    /// (2) While the route leads to Z (alone or, while two slices disagree, with another), Z held the lock then or
    /// less than the allowance before (or after: the two recorders' watches deliver independently).
    /// </summary>
    private static void Routing(ChaosHistory history, long end, long allowance, List<Violation> violations)
    {
        var locks = history.Locks.OrderBy(l => l.At).ToList();
        var routes = history.Routes.OrderBy(r => r.At).ToList();
        var reported = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < routes.Count; i++)
        {
            if (routes[i].Target is not { } targets)
            {
                continue;
            }

            var from = routes[i].At;
            var to = i + 1 < routes.Count ? routes[i + 1].At : end;
            foreach (var target in targets.Split('+'))
            {
                var held = new List<Frozen>();
                for (var k = 0; k < locks.Count; k++)
                {
                    if (locks[k].Holder == target && !locks[k].Deleted)
                    {
                        var until = k + 1 < locks.Count ? locks[k + 1].At : end;
                        held.Add(new Frozen(target, locks[k].At - allowance, until + allowance));
                    }
                }

                if (Subtract(from, to, held) is not [var uncovered, ..] || !reported.Add(target + "@" + routes[i].ResourceVersion))
                {
                    continue;
                }

                var lastHeld = locks.LastOrDefault(l => l.Holder == target && l.At <= uncovered.From);
                var since = lastHeld is null ? "it had not held the lock" : $"it last held the lock at {history.At(lastHeld.At)}";
                violations.Add(new Violation(History.Check.Routing, uncovered.From,
                    $"the route led to {target} (route: {targets}) for {ChaosHistory.Ms(uncovered.To - uncovered.From):0.0}ms beyond the {ChaosHistory.Ms(allowance):0}ms allowance from {history.At(uncovered.From)}: {since}"));
            }
        }
    }

    /// <summary>(3) Accepted writes never carry a stale term: the route's term and the lock's transitions never go backwards.</summary>
    private static void Fencing(ChaosHistory history, List<Violation> violations)
    {
        RouteTerm? highest = null;
        foreach (var route in history.Routes.OrderBy(r => r.At))
        {
            if (route.Term is not { } term)
            {
                continue;
            }

            if (highest is { } top && Compare(term, top) < 0)
            {
                violations.Add(new Violation(History.Check.Fencing, route.At, $"the route's term went back from {top} to {term} (slice version {route.ResourceVersion})"));
            }
            else
            {
                highest = term;
            }
        }

        foreach (var write in history.RouteWrites.Where(w => w.Outcome == RouteOutcome.Applied))
        {
            var before = history.Routes.Where(r => r.At < write.Start && r.Term is not null).Select(r => r.Term!.Value).ToList();
            if (before.Count > 0 && before.Max(Comparer<RouteTerm>.Create(Compare)) is var seen && Compare(write.Term, seen) < 0)
            {
                violations.Add(new Violation(History.Check.Fencing, write.End,
                    $"{write.Follower}'s route write under term {write.Term} was applied although the route already carried term {seen}"));
            }
        }

        LockSeen? previous = null;
        foreach (var seen in history.Locks.Where(l => !l.Deleted).OrderBy(l => l.At))
        {
            if (previous is not null)
            {
                // Patroni's rule: the first holder of a lock never held before takes term 0; every later new holder raises it.
                var newHolder = seen.Holder is { Length: > 0 } && seen.Holder != previous.Holder && previous.EverHeld;
                if (seen.Transitions < previous.Transitions || (newHolder && seen.Transitions <= previous.Transitions))
                {
                    violations.Add(new Violation(History.Check.Fencing, seen.At,
                        $"the lock went from {previous.Holder ?? "nobody"}/{previous.Transitions} to {seen.Holder ?? "nobody"}/{seen.Transitions} (version {seen.ResourceVersion}): a new holder must raise transitions"));
                }
            }

            previous = seen;
        }
    }

    /// <summary>(4) From no later than the bound after the faults stopped until the end, one member holds the lock, the route leads to it, and it believes it leads.</summary>
    private static void Liveness(ChaosHistory history, long end, long bound, List<Violation> violations)
    {
        if (history.FaultsOverAt is not { } over)
        {
            return;
        }

        var deadline = over + bound;
        var locks = history.Locks.OrderBy(l => l.At).ToList();
        var routes = history.Routes.OrderBy(r => r.At).ToList();
        var holder = locks.Count > 0 && !locks[^1].Deleted ? locks[^1].Holder : null;
        var routed = routes.Count > 0 ? routes[^1].Target : null;
        var belief = holder is null ? null : history.Beliefs.LastOrDefault(b => b.Member == holder && (b.End is null || b.End >= end));
        if (holder is null || routed != holder || belief is null)
        {
            violations.Add(new Violation(History.Check.Liveness, end,
                $"at the end ({ChaosHistory.Ms(end - over):0}ms after the faults stopped, bound {ChaosHistory.Ms(bound):0}ms) the lock named {holder ?? "nobody"}, the route led to {routed ?? "nobody"}, and {(belief is null ? "that member did not believe it led" : "it believed it led")}"));
            return;
        }

        var lockSince = locks[locks.FindLastIndex(l => l.Holder != holder || l.Deleted) + 1].At;
        var routeSince = routes[routes.FindLastIndex(r => r.Target != holder) + 1].At;
        var since = Math.Max(Math.Max(lockSince, routeSince), belief.Start);
        if (since > deadline)
        {
            violations.Add(new Violation(History.Check.Liveness, since,
                $"{holder} held the lock (since {history.At(lockSince)}), the route (since {history.At(routeSince)}) and its belief (since {history.At(belief.Start)}) only {ChaosHistory.Ms(since - over):0}ms after the faults stopped at {history.At(over)}; the bound is {ChaosHistory.Ms(bound):0}ms"));
        }
    }

    /// <summary>When the final leader last began holding the lock, the route and its belief together (null: they did not, at the end).</summary>
    internal static long? SettledAt(ChaosHistory history, long end)
    {
        var locks = history.Locks.OrderBy(l => l.At).ToList();
        var routes = history.Routes.OrderBy(r => r.At).ToList();
        var holder = locks.Count > 0 && !locks[^1].Deleted ? locks[^1].Holder : null;
        var routed = routes.Count > 0 ? routes[^1].Target : null;
        var belief = holder is null ? null : history.Beliefs.LastOrDefault(b => b.Member == holder && (b.End is null || b.End >= end));
        if (holder is null || routed != holder || belief is null)
        {
            return null;
        }

        var lockSince = locks[locks.FindLastIndex(l => l.Holder != holder || l.Deleted) + 1].At;
        var routeSince = routes[routes.FindLastIndex(r => r.Target != holder) + 1].At;
        return Math.Max(Math.Max(lockSince, routeSince), belief.Start);
    }

    /// <summary>(5) Every version of the lock keeps the foreign annotations put on it at the start.</summary>
    private static void Annotations(ChaosHistory history, IReadOnlyDictionary<string, string> foreign, List<Violation> violations)
    {
        foreach (var seen in history.Locks.OrderBy(l => l.At))
        {
            if (seen.Deleted)
            {
                violations.Add(new Violation(History.Check.Annotations, seen.At, "the lock object was deleted"));
                return;
            }

            foreach (var (key, value) in foreign)
            {
                if (!seen.Annotations.TryGetValue(key, out var actual) || actual != value)
                {
                    violations.Add(new Violation(History.Check.Annotations, seen.At,
                        $"lock version {seen.ResourceVersion} has {key}={(actual is null ? "(missing)" : "'" + actual + "'")}, expected '{value}'"));
                    return;
                }
            }
        }
    }

    /// <summary>Drops what was recorded after the end (the teardown), so the checks judge the run only.</summary>
    private static void Clip(ChaosHistory history, long end)
    {
        history.Locks.RemoveAll(l => l.At > end);
        history.Routes.RemoveAll(r => r.At > end);
        history.RouteWrites.RemoveAll(w => w.Start > end);
        history.Beliefs.RemoveAll(b => b.Start > end);
        foreach (var belief in history.Beliefs.Where(b => b.End > end))
        {
            belief.End = null;
        }
    }

    /// <summary>Route terms in fencing order: transitions, then the holder before the release of its lock (empty holder).</summary>
    internal static int Compare(RouteTerm a, RouteTerm b)
    {
        var byTransitions = a.Transitions.CompareTo(b.Transitions);
        return byTransitions != 0 ? byTransitions : (a.Holder.Length == 0 ? 1 : 0).CompareTo(b.Holder.Length == 0 ? 1 : 0);
    }

    /// <summary>[from, to) minus the given spans, as ordered pieces.</summary>
    private static List<(long From, long To)> Subtract(long from, long to, IEnumerable<Frozen> cut)
    {
        var pieces = new List<(long From, long To)>();
        var cursor = from;
        foreach (var span in cut.OrderBy(c => c.From))
        {
            if (span.To <= cursor || span.From >= to)
            {
                continue;
            }

            if (span.From > cursor)
            {
                pieces.Add((cursor, span.From));
            }

            cursor = Math.Max(cursor, span.To);
        }

        if (cursor < to)
        {
            pieces.Add((cursor, to));
        }

        return pieces;
    }
}
