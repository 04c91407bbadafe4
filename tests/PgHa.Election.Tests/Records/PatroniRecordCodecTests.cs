using CsCheck;
using PgHa.Election.Records;

namespace PgHa.Election.Tests.Records;

public sealed class PatroniRecordCodecTests
{
    // The Endpoints annotations of the seed article's cluster.
    private static readonly Dictionary<string, string> Seed = new()
    {
        ["acquireTime"] = "2022-11-18T00:29:41.683512+00:00",
        ["leader"] = "acid-minimal-cluster-0",
        ["optime"] = "1090519312",
        ["renewTime"] = "2022-11-18T06:18:59.159796+00:00",
        ["transitions"] = "5",
        ["ttl"] = "30",
    };

    [Fact]
    public void The_seeds_annotations_parse()
    {
        var read = PatroniRecordCodec.Read(Seed);

        read.Error.Should().BeNull();
        read.Record.Should().Be(new LeaderRecord
        {
            Holder = "acid-minimal-cluster-0",
            AcquireTime = new DateTimeOffset(2022, 11, 18, 0, 29, 41, TimeSpan.Zero).AddTicks(6835120),
            RenewTime = new DateTimeOffset(2022, 11, 18, 6, 18, 59, TimeSpan.Zero).AddTicks(1597960),
            Transitions = 5,
            Ttl = TimeSpan.FromSeconds(30),
            Optime = 1090519312,
        });
    }

    [Fact]
    public void A_written_record_has_exactly_the_shape_Patroni_writes()
    {
        var record = PatroniRecordCodec.Read(Seed).Record;

        var written = PatroniRecordCodec.Write(record);

        written.Should().BeEquivalentTo(Seed.ToDictionary(p => p.Key, p => (string?)p.Value));
    }

    [Theory]
    [InlineData(2022, 11, 18, 6, 18, 59, 1597960, "2022-11-18T06:18:59.159796+00:00")]
    [InlineData(2026, 12, 4, 15, 39, 7, 6770290, "2026-12-04T15:39:07.677029+00:00")]
    [InlineData(2026, 12, 4, 15, 39, 7, 0, "2026-12-04T15:39:07+00:00")] // Python's isoformat() drops a zero fraction
    [InlineData(2026, 1, 2, 3, 4, 5, 10, "2026-01-02T03:04:05.000001+00:00")]
    public void Times_are_formatted_as_Pythons_isoformat(int y, int mo, int d, int h, int mi, int s, int ticks, string expected)
    {
        PatroniRecordCodec.FormatTime(new DateTimeOffset(y, mo, d, h, mi, s, TimeSpan.Zero).AddTicks(ticks)).Should().Be(expected);
    }

    [Fact]
    public void Times_in_other_offsets_are_written_in_utc()
    {
        PatroniRecordCodec.FormatTime(new DateTimeOffset(2026, 12, 4, 16, 39, 7, TimeSpan.FromHours(1))).Should().Be("2026-12-04T15:39:07+00:00");
    }

    [Fact]
    public void Releasing_writes_a_null_leader_and_leaves_every_other_annotation_alone()
    {
        var released = PatroniRecordCodec.Write(PatroniRecordCodec.Read(Seed).Record with { Holder = null });

        released.Should().BeEquivalentTo(new Dictionary<string, string?> { ["leader"] = null, ["optime"] = "1090519312" });
    }

    [Theory]
    [InlineData("transitions", "five")]
    [InlineData("transitions", "-1")]
    [InlineData("ttl", "thirty")]
    [InlineData("ttl", "0")]
    [InlineData("optime", "0/3000148")]
    [InlineData("renewTime", "yesterday")]
    [InlineData("acquireTime", "2022-11-18")]
    public void A_malformed_value_is_a_typed_error_naming_the_annotation_and_value(string key, string value)
    {
        var annotations = new Dictionary<string, string>(Seed) { [key] = value };

        var read = PatroniRecordCodec.Read(annotations);

        read.Error.Should().NotBeNull();
        read.Error!.Annotation.Should().Be(key);
        read.Error.Value.Should().Be(value);
        read.Error.ToString().Should().Contain(key).And.Contain(value);
        read.Record.Holder.Should().Be("acid-minimal-cluster-0", "the holder is still known, so the lock counts as held");
    }

    [Fact]
    public void The_fingerprint_changes_with_the_holders_fields_only()
    {
        var baseline = PatroniRecordCodec.Fingerprint(Seed);

        PatroniRecordCodec.Fingerprint(new Dictionary<string, string>(Seed) { ["optime"] = "1" }).Should().Be(baseline);
        PatroniRecordCodec.Fingerprint(new Dictionary<string, string>(Seed) { ["slots"] = "{}" }).Should().Be(baseline);
        PatroniRecordCodec.Fingerprint(new Dictionary<string, string>(Seed) { ["renewTime"] = "2022-11-18T06:19:09+00:00" }).Should().NotBe(baseline);
        PatroniRecordCodec.Fingerprint(new Dictionary<string, string>(Seed) { ["leader"] = "acid-minimal-cluster-1" }).Should().NotBe(baseline);
        PatroniRecordCodec.Fingerprint(Seed.Where(p => p.Key != "leader").ToDictionary()).Should().NotBe(baseline);
    }

    [Fact]
    public void An_object_with_only_foreign_annotations_was_never_held()
    {
        PatroniRecordCodec.Fingerprint(new Dictionary<string, string> { ["slots"] = "{}", ["failsafe"] = "{}" }).Should().BeEmpty();
    }

    [Fact]
    public void An_absent_or_empty_lock_is_free()
    {
        PatroniRecordCodec.Read(null).Record.IsHeld.Should().BeFalse();
        PatroniRecordCodec.Read(new Dictionary<string, string> { ["leader"] = "" }).Record.IsHeld.Should().BeFalse();
    }

    [Fact]
    public void Records_round_trip_through_annotations()
    {
        var genTime = Gen.Long[0, 4_000_000_000L * TimeSpan.TicksPerSecond / 10].Select(t => new DateTimeOffset(DateTime.UnixEpoch.AddTicks(t * 10), TimeSpan.Zero));
        var genRecord = Gen.Select(Gen.String[Gen.Char.AlphaNumeric, 1, 20], genTime, genTime, Gen.Long[0, long.MaxValue], Gen.Int[1, 100_000], Gen.Long[0, long.MaxValue])
            .Select((holder, acquire, renew, transitions, ttl, optime) => new LeaderRecord
            {
                Holder = holder, AcquireTime = acquire, RenewTime = renew, Transitions = transitions, Ttl = TimeSpan.FromSeconds(ttl), Optime = optime,
            });

        genRecord.Sample(record =>
        {
            var annotations = PatroniRecordCodec.Write(record).Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value!);
            var read = PatroniRecordCodec.Read(annotations);
            return read.Error is null && read.Record == record;
        });
    }

    [Fact]
    public void Arbitrary_annotations_never_throw()
    {
        string[] names = ["leader", "acquireTime", "renewTime", "transitions", "ttl", "optime", "slots", "x"];
        var keys = Gen.Int[0, names.Length - 1].Select(i => names[i]);
        Gen.Select(keys, Gen.String).Array[0, 12].Sample(pairs =>
        {
            var annotations = new Dictionary<string, string>();
            foreach (var (key, value) in pairs)
            {
                annotations[key] = value;
            }

            var read = PatroniRecordCodec.Read(annotations);
            return read.Record is not null;
        });
    }
}
