using System.Globalization;

namespace PgHa.Election.Records;

/// <summary>
/// Reads and writes the leader lock exactly as Patroni does: every value a string, times ISO-8601 UTC with
/// <c>+00:00</c> and microseconds (as Python's <c>isoformat()</c>, which drops a zero fraction), integers in
/// decimal. Pure: no I/O, no clock.
/// </summary>
public static class PatroniRecordCodec
{
    // The largest ttl a TimeSpan holds: a larger one (any decimal a long holds is a well-formed annotation) is reported, not thrown on.
    private static readonly long MaxTtlSeconds = TimeSpan.MaxValue.Ticks / TimeSpan.TicksPerSecond;

    /// <summary>
    /// Reads the lock from annotations. A malformed value does not throw: it is reported in
    /// <see cref="RecordReadResult.Error"/> and the record keeps what could be read, so the caller can treat the
    /// lock as held by whoever the record names (or an unknown holder) until it expires, the safe side.
    /// </summary>
    /// <param name="annotations">The lock object's annotations; null or empty for a free lock.</param>
    public static RecordReadResult Read(IReadOnlyDictionary<string, string>? annotations)
    {
        if (annotations is null || annotations.Count == 0)
        {
            return new RecordReadResult(LeaderRecord.Free, null, string.Empty);
        }

        RecordParseError? error = null;
        var holder = annotations.GetValueOrDefault(PatroniAnnotations.Leader);
        var record = new LeaderRecord
        {
            Holder = string.IsNullOrEmpty(holder) ? null : holder,
            AcquireTime = Time(annotations, PatroniAnnotations.AcquireTime, ref error),
            RenewTime = Time(annotations, PatroniAnnotations.RenewTime, ref error),
            Transitions = Integer(annotations, PatroniAnnotations.Transitions, ref error) ?? 0,
            Ttl = Integer(annotations, PatroniAnnotations.Ttl, ref error) is { } seconds && seconds > 0 && seconds <= MaxTtlSeconds ? TimeSpan.FromSeconds(seconds) : null,
            Optime = Integer(annotations, PatroniAnnotations.Optime, ref error),
        };
        if (annotations.TryGetValue(PatroniAnnotations.Ttl, out var ttlText) && !string.IsNullOrEmpty(ttlText) && record.Ttl is null && error is null)
        {
            error = new RecordParseError(PatroniAnnotations.Ttl, ttlText, "must be a positive number of seconds that a TimeSpan holds");
        }

        return new RecordReadResult(record, error, Fingerprint(annotations));
    }

    /// <summary>
    /// The annotations that write <paramref name="record"/>. A null value removes the key (a strategic or merge
    /// patch <c>null</c>), which is how a free lock is written: every other annotation is left as it is.
    /// </summary>
    /// <param name="record">The record to write.</param>
    public static Dictionary<string, string?> Write(LeaderRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var annotations = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            [PatroniAnnotations.Leader] = record.IsHeld ? record.Holder : null,
        };
        if (record.IsHeld)
        {
            annotations[PatroniAnnotations.Ttl] = record.Ttl is { } ttl ? WholeSecondsUp(ttl).ToString(CultureInfo.InvariantCulture) : null;
            annotations[PatroniAnnotations.RenewTime] = record.RenewTime is { } renew ? FormatTime(renew) : null;
            annotations[PatroniAnnotations.AcquireTime] = record.AcquireTime is { } acquire ? FormatTime(acquire) : null;
            annotations[PatroniAnnotations.Transitions] = record.Transitions.ToString(CultureInfo.InvariantCulture);
        }

        if (record.Optime is { } optime)
        {
            annotations[PatroniAnnotations.Optime] = optime.ToString(CultureInfo.InvariantCulture);
        }

        return annotations;
    }

    /// <summary>Python's <c>datetime.now(tzutc).isoformat()</c>: <c>2022-11-18T06:18:59.159796+00:00</c>, no fraction when it is zero.</summary>
    /// <param name="time">The instant to format; it is converted to UTC.</param>
    public static string FormatTime(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        var microseconds = (utc.Ticks % TimeSpan.TicksPerSecond) / 10;
        return microseconds == 0
            ? utc.ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture)
            : utc.ToString("yyyy-MM-dd'T'HH:mm:ss'.'ffffff'+00:00'", CultureInfo.InvariantCulture);
    }

    /// <summary>Reads an ISO-8601 instant with an offset or <c>Z</c> (Patroni's and client-go's forms).</summary>
    /// <param name="text">The text.</param>
    /// <param name="time">The instant, in UTC.</param>
    public static bool TryParseTime(string? text, out DateTimeOffset time)
    {
        time = default;
        if (string.IsNullOrEmpty(text) ||
            !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed) ||
            (text.Length < 19 || text[10] != 'T'))
        {
            return false;
        }

        time = parsed.ToUniversalTime();
        return true;
    }

    /// <summary>The raw values of the keys a holder writes when it renews; equal fingerprints mean the lock was not renewed.</summary>
    /// <param name="annotations">The lock object's annotations.</param>
    public static string Fingerprint(IReadOnlyDictionary<string, string>? annotations)
    {
        // No lock field at all (an object that only carries other annotations) reads as "never held", as in Patroni.
        if (annotations is null || !PatroniAnnotations.ObservedKeys.Any(annotations.ContainsKey))
        {
            return string.Empty;
        }

        // Each value carries its length, so no value (a holder named "a\u001facquireTime=...", say) can pass for two fields.
        return string.Join('\u001f', PatroniAnnotations.ObservedKeys.Select(k =>
            annotations.TryGetValue(k, out var v) ? k + "=" + v.Length.ToString(CultureInfo.InvariantCulture) + ":" + v : string.Empty));
    }

    // In integers: TotalSeconds is a double, which rounds ttls of more than 2^53 ticks (about 28 years) up a second too far.
    private static long WholeSecondsUp(TimeSpan ttl) => (ttl.Ticks / TimeSpan.TicksPerSecond) + (ttl.Ticks % TimeSpan.TicksPerSecond > 0 ? 1 : 0);

    private static DateTimeOffset? Time(IReadOnlyDictionary<string, string> annotations, string key, ref RecordParseError? error)
    {
        if (!annotations.TryGetValue(key, out var text) || string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (TryParseTime(text, out var time))
        {
            return time;
        }

        error ??= new RecordParseError(key, text, "not an ISO-8601 time with an offset");
        return null;
    }

    private static long? Integer(IReadOnlyDictionary<string, string> annotations, string key, ref RecordParseError? error)
    {
        if (!annotations.TryGetValue(key, out var text) || string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        error ??= new RecordParseError(key, text, "not a non-negative decimal integer");
        return null;
    }
}
