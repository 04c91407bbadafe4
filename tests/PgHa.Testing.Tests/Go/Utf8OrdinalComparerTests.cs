using PgHa.Testing.Go;

namespace PgHa.Testing.Tests.Go;

// Go compares strings by their UTF-8 bytes, which orders by code point: U+E000..U+FFFF sort before the supplementary
// planes, where UTF-16 ordinal comparison puts the surrogates (U+D800..U+DFFF) first.
public sealed class Utf8OrdinalComparerTests
{
    [Theory]
    [InlineData("a", "b", -1)]
    [InlineData("a", "a", 0)]
    [InlineData("ab", "a", 1)]
    [InlineData("\ue000", "😀", -1)]
    [InlineData("\uffff", "\U00010000", -1)]
    [InlineData("😀", "\ud7ff", 1)]
    public void Orders_by_code_point(string left, string right, int sign)
    {
        Math.Sign(Utf8OrdinalComparer.Instance.Compare(left, right)).Should().Be(sign);
        Math.Sign(Utf8OrdinalComparer.Instance.Compare(right, left)).Should().Be(-sign);
    }

    [Fact]
    public void Sorts_as_go_sort_strings()
    {
        string[] values = ["😀", "\ue000", "z", "A"];
        Array.Sort(values, Utf8OrdinalComparer.Instance);
        values.Should().Equal("A", "z", "\ue000", "😀");
    }
}
