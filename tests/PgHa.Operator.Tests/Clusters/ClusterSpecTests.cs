using System.Text.Json;
using PgHa.Operator.Clusters;

namespace PgHa.Operator.Tests.Clusters;

public sealed class ClusterSpecTests
{
    [Fact]
    public void Reads_zalandos_minimal_cluster()
    {
        var (spec, problems) = ClusterSpec.Parse(Json("""
            {"teamId":"acid","volume":{"size":"1Gi"},"numberOfInstances":2,"users":{"zalando":["superuser"]},"postgresql":{"version":"15"}}
            """));

        problems.Should().BeEmpty();
        spec.Should().Be(new ClusterSpec("acid", 2, "15", "1Gi"));
    }

    [Theory]
    [InlineData("""{"teamId":"acid","numberOfInstances":"x","postgresql":{"version":"15"},"volume":{"size":"1Gi"}}""", "spec.numberOfInstances: \"x\" is not an integer")]
    [InlineData("""{"teamId":"acid","numberOfInstances":0,"postgresql":{"version":"15"},"volume":{"size":"1Gi"}}""", "spec.numberOfInstances: 0 must be at least 1")]
    [InlineData("""{"teamId":"acid","numberOfInstances":1.5,"postgresql":{"version":"15"},"volume":{"size":"1Gi"}}""", "spec.numberOfInstances: 1.5 is not an integer")]
    [InlineData("""{"numberOfInstances":1,"postgresql":{"version":"15"},"volume":{"size":"1Gi"}}""", "spec.teamId: required")]
    [InlineData("""{"teamId":"","numberOfInstances":1,"postgresql":{"version":"15"},"volume":{"size":"1Gi"}}""", "spec.teamId: \"\" is not a non-empty string")]
    [InlineData("""{"teamId":7,"numberOfInstances":1,"postgresql":{"version":"15"},"volume":{"size":"1Gi"}}""", "spec.teamId: 7 is not a non-empty string")]
    [InlineData("""{"teamId":"acid","numberOfInstances":1,"volume":{"size":"1Gi"}}""", "spec.postgresql: required object")]
    [InlineData("""{"teamId":"acid","numberOfInstances":1,"postgresql":{},"volume":{"size":"1Gi"}}""", "spec.postgresql.version: required")]
    [InlineData("""{"teamId":"acid","numberOfInstances":1,"postgresql":{"version":"15"},"volume":"big"}""", "spec.volume: required object")]
    [InlineData("""[]""", "spec: missing or not an object")]
    public void Names_the_bad_field(string json, string problem)
    {
        var (spec, problems) = ClusterSpec.Parse(Json(json));

        spec.Should().BeNull();
        problems.Should().Contain(problem);
    }

    [Fact]
    public void A_missing_spec_is_a_problem_not_an_exception()
    {
        var (spec, problems) = ClusterSpec.Parse(null);

        spec.Should().BeNull();
        problems.Should().ContainSingle();
    }

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();
}
