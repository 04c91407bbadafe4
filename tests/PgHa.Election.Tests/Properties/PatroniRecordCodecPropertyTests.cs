using System.Globalization;
using CsCheck;
using PgHa.Election.Records;

namespace PgHa.Election.Tests.Properties;

/// <summary>
/// Properties of the lock record codec over generated records and annotation maps: what Patroni and our own writers put
/// on the lock object must read back as written, and nothing any other writer puts there may throw.
/// </summary>
public sealed class PatroniRecordCodecPropertyTests
{
    private static readonly string[] LockKeys =
    [
        PatroniAnnotations.Leader, PatroniAnnotations.AcquireTime, PatroniAnnotations.RenewTime,
        PatroniAnnotations.Transitions, PatroniAnnotations.Ttl, PatroniAnnotations.Optime,
    ];

    // Annotations Patroni keeps next to the lock, and a few nobody knows: our writes must leave them alone.
    private static readonly string[] ForeignKeys = ["slots", "retain_slots", "failsafe", "config", "x", "leader.", "Leader", "ttl "];

    // The largest ttl a TimeSpan holds, in whole seconds: the codec's documented domain for ttl is 1 to this.
    private static readonly long MaxTtlSeconds = (long)Math.Floor(TimeSpan.MaxValue.TotalSeconds);

    /// <summary>Instants with microsecond precision (the codec's resolution) seen from any UTC offset kube or Python could print.</summary>
    private static readonly Gen<DateTimeOffset> Instant =
        Gen.Select(
            Gen.Frequency(
                (3, Gen.Long[DateTime.UnixEpoch.Ticks / 10, new DateTime(2100, 1, 1).Ticks / 10]),
                (1, Gen.Long[new DateTime(1, 1, 2).Ticks / 10, new DateTime(9999, 12, 30).Ticks / 10])),
            Gen.Frequency((2, Gen.Const(0)), (1, Gen.Int[-14 * 60, 14 * 60])))
        .Select((microseconds, offsetMinutes) =>
            new DateTimeOffset(microseconds * 10, TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(offsetMinutes)));

    private static readonly Gen<long> LargeOrSmall = Gen.Frequency(
        (2, Gen.Long[0, 100]),
        (2, Gen.Long[0, long.MaxValue]),
        (1, Gen.OneOf(long.MaxValue, long.MaxValue - 1, int.MaxValue + 1L)));

    private static readonly Gen<string> Holder = Gen.Frequency(
        (3, Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789-."], 1, 63]),
        (1, Gen.String.Where(s => s.Length > 0)));

    /// <summary>Held records anywhere in the codec's domain: every field may be missing but the holder.</summary>
    private static readonly Gen<LeaderRecord> HeldRecord =
        Gen.Select(Holder, Instant.Nullable(), Instant.Nullable(), LargeOrSmall, Gen.Long[1, MaxTtlSeconds].Nullable(), LargeOrSmall.Nullable())
            .Select((holder, acquire, renew, transitions, ttl, optime) => new LeaderRecord
            {
                Holder = holder,
                AcquireTime = acquire,
                RenewTime = renew,
                Transitions = transitions,
                Ttl = ttl is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
                Optime = optime,
            });

    private static readonly Gen<Dictionary<string, string>> ForeignAnnotations =
        Gen.Select(Gen.OneOf(ForeignKeys), Gen.String).Array[0, 4].Select(pairs =>
        {
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, value) in pairs)
            {
                map[key] = value;
            }

            return map;
        });

    /// <summary>Values aimed at the parsers' edges: empty, blank, signs, overflow, fractions, unicode digits, near-ISO times.</summary>
    private static readonly Gen<string> GarbageValue = Gen.Frequency(
        (3, Gen.String),
        (2, Gen.OneOf(
            "", " ", "0", "-0", "+1", "-1", "1.5", "1e3", "0x10", " 30", "30 ", "٣٠", "３０", "30s",
            "9223372036854775807", "9223372036854775808", "99999999999999999999999", "922337203685", "922337203686", "1000000000000",
            "2022-11-18", "2022-11-18T06:18:59", "2022-11-18T06:18:59Z", "2022-11-18T06:18:59.159796+00:00",
            "2022-11-18 06:18:59+00:00", "2022-11-18T25:00:00+00:00", "0001-01-01T00:00:00+00:00", "9999-12-31T23:59:59.9999999+00:00",
            "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "2022-13-01T00:00:00+00:00", "\u0000", "leader", "null")),
        (2, Gen.Select(Gen.Long[0, long.MaxValue], Gen.OneOf("", "0", "00")).Select((n, tail) => n.ToString(CultureInfo.InvariantCulture) + tail)),
        (1, Instant.Select(PatroniRecordCodec.FormatTime)));

    [Fact]
    public void A_held_record_written_over_any_annotations_reads_back_as_written_and_keeps_the_foreign_ones()
    {
        Gen.Select(HeldRecord, HeldRecord, ForeignAnnotations).Sample((record, previous, foreign) =>
        {
            // Written over a previous holder's lock: fields the new record lacks must not leak from the old one.
            var before = Apply(new Dictionary<string, string>(foreign, StringComparer.Ordinal), PatroniRecordCodec.Write(previous));
            var after = Apply(before, PatroniRecordCodec.Write(record));

            var read = PatroniRecordCodec.Read(after);

            // A record without an optime leaves the published one alone, as Patroni does when it has no WAL position to report.
            read.Error.Should().BeNull();
            read.Record.Should().Be(record with { Optime = record.Optime ?? previous.Optime });
            foreach (var (key, value) in foreign.Where(p => !LockKeys.Contains(p.Key)))
            {
                after.Should().Contain(key, value);
            }
        });
    }

    [Fact]
    public void A_free_record_reads_back_free_with_its_optime()
    {
        Gen.Select(LargeOrSmall.Nullable(), ForeignAnnotations).Sample((optime, foreign) =>
        {
            var record = LeaderRecord.Free with { Optime = optime };

            var read = PatroniRecordCodec.Read(Apply(new Dictionary<string, string>(foreign, StringComparer.Ordinal), PatroniRecordCodec.Write(record)));

            read.Error.Should().BeNull();
            read.Record.IsHeld.Should().BeFalse();
            read.Record.Optime.Should().Be(optime);
        });
    }

    [Fact]
    public void Written_times_are_Pythons_isoformat_in_utc_and_parse_back_to_the_same_instant()
    {
        Instant.Sample(time =>
        {
            var text = PatroniRecordCodec.FormatTime(time);

            text.Should().MatchRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00$");
            PatroniRecordCodec.TryParseTime(text, out var parsed).Should().BeTrue(text);
            parsed.Should().Be(time);
            parsed.Offset.Should().Be(TimeSpan.Zero);
        });
    }

    [Fact]
    public void Arbitrary_annotations_read_without_throwing_and_report_exactly_the_malformed_values()
    {
        var key = Gen.Frequency((4, Gen.OneOf(LockKeys)), (1, Gen.OneOf(ForeignKeys)), (1, Gen.String));
        Gen.Select(key, GarbageValue).Array[0, 10].Sample(pairs =>
        {
            var annotations = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (k, v) in pairs)
            {
                annotations[k] = v;
            }

            var read = PatroniRecordCodec.Read(annotations);

            var malformed = LockKeys.Where(k => annotations.TryGetValue(k, out var v) && !IsWellFormed(k, v)).ToList();
            if (malformed.Count == 0)
            {
                read.Error.Should().BeNull();
            }
            else
            {
                read.Error.Should().NotBeNull("{0} are malformed", string.Join(", ", malformed));
                malformed.Should().Contain(read.Error!.Annotation);
                read.Error.Value.Should().Be(annotations[read.Error.Annotation]);
                read.Error.Reason.Should().NotBeNullOrWhiteSpace();
            }

            // Whatever could not be read, the holder is still known: the lock stays held until it expires, the safe side.
            read.Record.Holder.Should().Be(annotations.TryGetValue(PatroniAnnotations.Leader, out var leader) && leader.Length > 0 ? leader : null);
            ShouldHoldTheWellFormedValues(read.Record, annotations);
        }, iter: 5000);
    }

    [Fact]
    public void The_fingerprint_ignores_every_annotation_the_holder_does_not_write()
    {
        var observed = Gen.Select(Gen.OneOf([.. PatroniAnnotations.ObservedKeys]), GarbageValue).Array[0, 5];
        var foreignKey = Gen.Frequency((1, Gen.OneOf(ForeignKeys)), (1, Gen.Const(PatroniAnnotations.Optime)), (1, Gen.String.Where(k => !PatroniAnnotations.ObservedKeys.Contains(k))));
        var foreign = Gen.Select(foreignKey, GarbageValue).Array[0, 5];
        Gen.Select(observed, foreign, foreign).Sample((lockPairs, before, after) =>
        {
            var first = ToMap(lockPairs.Concat(before));
            var second = ToMap(lockPairs.Concat(after));

            PatroniRecordCodec.Fingerprint(second).Should().Be(PatroniRecordCodec.Fingerprint(first));
        });
    }

    [Fact]
    public void The_fingerprint_changes_whenever_a_field_the_holder_writes_changes()
    {
        // Values built from the characters a naive join would confuse (separators, '=' and key names).
        var tricky = Gen.String[Gen.Char["a=\u001f\u001e,;|"], 0, 6].Select(s => s.Replace("a", "leader", StringComparison.Ordinal));
        var value = Gen.Frequency((1, tricky), (1, GarbageValue));
        var observed = Gen.Select(Gen.OneOf([.. PatroniAnnotations.ObservedKeys]), value).Array[0, 5].Select(ToMap);
        Gen.Select(observed, observed).Sample((first, second) =>
        {
            var same = first.Count == second.Count && first.All(p => second.TryGetValue(p.Key, out var v) && v == p.Value);

            (PatroniRecordCodec.Fingerprint(first) == PatroniRecordCodec.Fingerprint(second)).Should().Be(same,
                "{0} vs {1}", Show(first), Show(second));
        }, iter: 5000);
    }

    [Fact]
    public void The_fingerprint_tells_a_value_holding_the_separator_from_two_fields()
    {
        // Found by reasoning about the property above (random values rarely line up this way): the fingerprint once
        // joined "key=value" parts with U+001F, so these two different locks had the same one, and a renewal between
        // them would not have restarted the observation clock.
        Gen.Select(Gen.String, Gen.String).Sample((holder, acquired) =>
        {
            var first = new Dictionary<string, string> { ["leader"] = holder + "\u001facquireTime=" + acquired };
            var second = new Dictionary<string, string> { ["leader"] = holder, ["acquireTime"] = acquired + "\u001f" };

            PatroniRecordCodec.Fingerprint(first).Should().NotBe(PatroniRecordCodec.Fingerprint(second));
        });
    }

    private static bool IsWellFormed(string key, string value)
    {
        if (value.Length == 0 || key == PatroniAnnotations.Leader)
        {
            return true;
        }

        if (key is PatroniAnnotations.AcquireTime or PatroniAnnotations.RenewTime)
        {
            return PatroniRecordCodec.TryParseTime(value, out _);
        }

        // Independent of the codec: plain ASCII digits that fit a long; ttl also positive and within a TimeSpan.
        if (!value.All(char.IsAsciiDigit) || !long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        return key != PatroniAnnotations.Ttl || number is >= 1 && number <= MaxTtlSeconds;
    }

    private static void ShouldHoldTheWellFormedValues(LeaderRecord record, Dictionary<string, string> annotations)
    {
        string? Valid(string key) => annotations.TryGetValue(key, out var v) && v.Length > 0 && IsWellFormed(key, v) ? v : null;

        if (Valid(PatroniAnnotations.Transitions) is { } transitions)
        {
            record.Transitions.Should().Be(long.Parse(transitions, CultureInfo.InvariantCulture));
        }

        if (Valid(PatroniAnnotations.Ttl) is { } ttl)
        {
            record.Ttl.Should().Be(TimeSpan.FromSeconds(long.Parse(ttl, CultureInfo.InvariantCulture)));
        }

        if (Valid(PatroniAnnotations.Optime) is { } optime)
        {
            record.Optime.Should().Be(long.Parse(optime, CultureInfo.InvariantCulture));
        }

        if (Valid(PatroniAnnotations.RenewTime) is { } renew)
        {
            record.RenewTime.Should().Be(DateTimeOffset.Parse(renew, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal));
        }
    }

    private static Dictionary<string, string> Apply(Dictionary<string, string> annotations, Dictionary<string, string?> written)
    {
        foreach (var (key, value) in written)
        {
            if (value is null)
            {
                annotations.Remove(key);
            }
            else
            {
                annotations[key] = value;
            }
        }

        return annotations;
    }

    private static Dictionary<string, string> ToMap(IEnumerable<(string Key, string Value)> pairs)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in pairs)
        {
            map[key] = value;
        }

        return map;
    }

    private static string Show(Dictionary<string, string> map) =>
        "{" + string.Join(", ", map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + ": " + Escape(p.Value))) + "}";

    private static string Escape(string value) => string.Concat(value.Select(c => c < ' ' ? $"\\u{(int)c:x4}" : c.ToString()));
}
