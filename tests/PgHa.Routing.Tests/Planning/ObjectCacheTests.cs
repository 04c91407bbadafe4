using k8s.Models;
using PgHa.Routing.Routers;

namespace PgHa.Routing.Tests.Planning;

/// <summary>The router's cache keeps the newest version of each object whatever order reads, writes and watch events arrive in.</summary>
public sealed class ObjectCacheTests
{
    [Fact]
    public void An_older_version_does_not_replace_a_newer_one()
    {
        var cache = new ObjectCache<V1EndpointSlice>();
        cache.Set(Slice("a", "10", "written")).Should().BeTrue();

        cache.Set(Slice("a", "9", "watched late")).Should().BeFalse();
        cache.Set(Slice("a", "10", "watched")).Should().BeFalse();

        cache.Get("a")!.AddressType.Should().Be("written");
    }

    [Fact]
    public void A_deleted_object_is_not_brought_back_by_an_older_event()
    {
        var cache = new ObjectCache<V1EndpointSlice>();
        cache.Set(Slice("a", "10"));

        cache.Remove("a", "10").Should().BeTrue();
        cache.Set(Slice("a", "9")).Should().BeFalse();

        cache.Get("a").Should().BeNull();
        cache.Items.Should().BeEmpty();
    }

    [Fact]
    public void A_late_deletion_of_an_older_version_is_ignored()
    {
        var cache = new ObjectCache<V1EndpointSlice>();
        cache.Set(Slice("a", "12"));

        cache.Remove("a", "11").Should().BeFalse();

        cache.Get("a").Should().NotBeNull();
    }

    [Fact]
    public void A_list_replaces_what_it_lists_and_drops_what_it_lacks_unless_a_write_made_it_after_the_list()
    {
        var cache = new ObjectCache<V1EndpointSlice>();
        cache.Set(Slice("gone", "5"));
        cache.Set(Slice("written-after", "21"));
        cache.Set(Slice("listed", "3"));

        cache.Replace([Slice("listed", "7"), Slice("new", "8")], "20").Should().BeTrue();

        cache.Primed.Should().BeTrue();
        cache.Items.Select(s => (s.Metadata.Name, s.Metadata.ResourceVersion))
            .Should().Equal(("listed", "7"), ("new", "8"), ("written-after", "21"));
    }

    [Fact]
    public void Versions_that_are_not_numbers_are_taken_in_arrival_order()
    {
        var cache = new ObjectCache<V1EndpointSlice>();
        cache.Set(Slice("a", "zz", "first"));

        cache.Set(Slice("a", "aa", "second")).Should().BeTrue();

        cache.Get("a")!.AddressType.Should().Be("second");
    }

    private static V1EndpointSlice Slice(string name, string version, string marker = "IPv4") => new()
    {
        Metadata = new V1ObjectMeta { Name = name, ResourceVersion = version },
        AddressType = marker,
    };
}
