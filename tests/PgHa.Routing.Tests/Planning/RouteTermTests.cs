using CsCheck;
using PgHa.Routing.Fencing;

namespace PgHa.Routing.Tests.Planning;

/// <summary>The term's text form, and the fencing order: transitions first; within one, the holder before its release.</summary>
public sealed class RouteTermTests
{
    [Theory]
    [InlineData("5/acid-minimal-cluster-0", 5, "acid-minimal-cluster-0")]
    [InlineData("0/", 0, "")]
    [InlineData("12/a/b", 12, "a/b")]
    [InlineData("-1/", -1, "")]
    public void A_term_reads_back_from_its_annotation(string text, long transitions, string holder)
    {
        RouteTerm.TryParse(text, out var term).Should().BeTrue();
        term.Should().Be(new RouteTerm(holder, transitions));
        term.Format().Should().Be(text);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("/a")]
    [InlineData("x/a")]
    [InlineData("-1/a")]
    [InlineData("-2/")]
    [InlineData("+1/a")]
    [InlineData("5")]
    [InlineData(" 5/a")]
    public void Text_that_is_not_a_term_is_refused(string? text) => RouteTerm.TryParse(text, out _).Should().BeFalse();

    [Fact]
    public void Format_and_parse_round_trip() =>
        Gen.Select(Gen.Long[0, long.MaxValue], Gen.String).Sample((transitions, holder) =>
            RouteTerm.TryParse(new RouteTerm(holder, transitions).Format(), out var back) && back == new RouteTerm(holder, transitions));

    [Theory]
    [InlineData(5, "a", null, null, true)]
    [InlineData(5, "a", 5L, "a", true)]
    [InlineData(6, "b", 5L, "a", true)]
    [InlineData(6, "", 5L, "a", true)]
    [InlineData(5, "", 5L, "a", true)]
    [InlineData(4, "a", 5L, "b", false)]
    [InlineData(4, "a", 5L, "a", false)]
    [InlineData(5, "a", 5L, "", false)]
    [InlineData(5, "b", 5L, "a", false)]
    [InlineData(0, "a", -1L, "", true)]
    [InlineData(-1, "", 0L, "a", false)]
    [InlineData(-1, "", -1L, "", true)]
    public void A_writer_may_replace_only_a_route_of_an_older_or_its_own_term(long ours, string holder, long? live, string? liveHolder, bool allowed)
    {
        var current = live is { } t ? new RouteTerm(liveHolder!, t) : (RouteTerm?)null;
        var refusal = RouteFence.Refusal(new RouteTerm(holder, ours), current);
        (refusal is null).Should().Be(allowed, refusal);
    }

    [Fact]
    public void The_later_of_two_terms_is_one_of_them_whatever_their_order_and_may_replace_both() =>
        Gen.Select(Gen.Long[0, 4], Gen.Int[0, 2].Select(i => new[] { "", "a", "b" }[i]), Gen.Long[0, 4], Gen.Int[0, 2].Select(i => new[] { "", "a", "b" }[i])).Sample((t1, h1, t2, h2) =>
        {
            var (a, b) = (new RouteTerm(h1, t1), new RouteTerm(h2, t2));
            var later = RouteFence.Later(a, b)!.Value;
            var twoHolders = t1 == t2 && h1.Length > 0 && h2.Length > 0 && h1 != h2;
            return later == RouteFence.Later(b, a) && (later == a || later == b) &&
                (twoHolders || (RouteFence.Refusal(later, a) is null && RouteFence.Refusal(later, b) is null));
        });
}
