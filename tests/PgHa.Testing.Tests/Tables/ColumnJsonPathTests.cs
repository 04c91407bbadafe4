using System.Text.Json.Nodes;
using PgHa.Testing.Tables;

namespace PgHa.Testing.Tests.Tables;

public sealed class ColumnJsonPathTests
{
    // A Zalando postgresql resource as the operator's CRD describes it, with a conditions list to filter.
    private static readonly JsonObject Postgresql = JsonNode.Parse("""
        {
          "apiVersion": "acid.zalan.do/v1",
          "kind": "postgresql",
          "metadata": {
            "name": "acid-minimal-cluster",
            "namespace": "default",
            "creationTimestamp": "2022-11-16T08:21:00Z",
            "labels": { "cluster-name": "acid-minimal-cluster", "team": "acid" },
            "annotations": { "acid.zalan.do/controller": "main" }
          },
          "spec": {
            "teamId": "acid",
            "numberOfInstances": 2,
            "postgresql": { "version": "15" },
            "volume": { "size": "1Gi" },
            "users": { "zalando": ["superuser", "createdb"] }
          },
          "status": {
            "PostgresClusterStatus": "Running",
            "nothing": null,
            "conditions": [
              { "type": "Ready", "status": "True", "observed": 3 },
              { "type": "Synced", "status": "False", "observed": 1, "reason": "Pending" }
            ]
          }
        }
        """)!.AsObject();

    // Paths CRDs use, evaluated as client-go's JSONPath with AllowMissingKeys(true) (what apiextensions' table
    // convertor sets): each result as compact JSON, missing keys giving no result.
    [Theory]
    [InlineData(".spec.teamId", "\"acid\"")]
    [InlineData(".spec.numberOfInstances", "2")]
    [InlineData(".spec.postgresql.version", "\"15\"")]
    [InlineData(".metadata.creationTimestamp", "\"2022-11-16T08:21:00Z\"")]
    [InlineData(".spec.missing", "")]
    [InlineData(".spec.missing.deeper", "")]
    [InlineData(".status.nothing", "null")]
    [InlineData(".spec.volume", "{\"size\":\"1Gi\"}")]
    [InlineData(".metadata.labels.cluster-name", "\"acid-minimal-cluster\"")]
    [InlineData(".metadata.labels['cluster-name']", "\"acid-minimal-cluster\"")]
    [InlineData(".metadata.annotations.acid\\.zalan\\.do/controller", "\"main\"")]
    [InlineData(".status.conditions[?(@.type==\"Ready\")].status", "\"True\"")]
    [InlineData(".status.conditions[?(@.type=='Synced')].status", "\"False\"")]
    [InlineData(".status.conditions[?(@.type == \"Ready\")].status", "\"True\"")]
    [InlineData(".status.conditions[?(@.type!=\"Ready\")].type", "\"Synced\"")]
    [InlineData(".status.conditions[?(@.type==\"Gone\")].status", "")]
    [InlineData(".status.conditions[?(@.observed>=2)].type", "\"Ready\"")]
    [InlineData(".status.conditions[?(@.observed<2)].type", "\"Synced\"")]
    [InlineData(".status.conditions[?(@.type=~\"^Sy\")].type", "\"Synced\"")]
    [InlineData(".status.conditions[?(@.reason)].type", "\"Synced\"")]
    [InlineData(".status.conditions[0].type", "\"Ready\"")]
    [InlineData(".status.conditions[-1].type", "\"Synced\"")]
    [InlineData(".status.conditions[*].type", "\"Ready\" \"Synced\"")]
    [InlineData(".status.conditions[0:2].status", "\"True\" \"False\"")]
    [InlineData(".status.conditions[1:].type", "\"Synced\"")]
    [InlineData(".status.conditions[0,1].type", "\"Ready\" \"Synced\"")]
    [InlineData(".spec.users.zalando[1]", "\"createdb\"")]
    [InlineData(".metadata.labels.*", "\"acid-minimal-cluster\" \"acid\"")]
    [InlineData("..teamId", "\"acid\"")]
    [InlineData(".status.missing[0]", "")]
    [InlineData(".status.conditions[1:1].type", "")]
    public void Finds_what_client_go_finds(string path, string expected)
    {
        ColumnJsonPath.TryParse(path, out var parsed, out var error).Should().BeTrue(error);
        var results = new List<JsonNode?>();
        parsed!.TryEvaluate(Postgresql, results).Should().BeTrue();
        string.Join(' ', results.Select(r => r?.ToJsonString() ?? "null")).Should().Be(expected);
    }

    // client-go re-reads ['a.b'] as .a.b, so a dotted key in single-quoted brackets is not found (kubectl users escape
    // the dots instead).
    [Fact]
    public void Keeps_client_go_splitting_dotted_bracket_keys()
    {
        ColumnJsonPath.TryParse(".metadata.annotations['acid.zalan.do/controller']", out var parsed, out _).Should().BeTrue();
        var results = new List<JsonNode?>();
        parsed!.TryEvaluate(Postgresql, results).Should().BeTrue();
        results.Should().BeEmpty();
    }

    // Errors client-go returns from FindResults; apiextensions then shows an empty (null) cell.
    [Theory]
    [InlineData(".status.conditions[5].type")]
    [InlineData(".status.conditions[-3].type")]
    [InlineData(".spec.numberOfInstances[0]")]
    [InlineData(".spec.teamId[?(@.a)]")]
    [InlineData(".status.nothing[?(@.a)]")]
    [InlineData(".status.conditions[?(@.type==1)].status")]
    [InlineData(".status.conditions[?(@.observed==1.0)].status")]
    [InlineData(".status.conditions[?(@.type<true)].status")]
    [InlineData(".status.conditions[?(@.type=~\"(\")].status")]
    [InlineData(".status.conditions[?(@.type=>\"Ready\")].status")]
    [InlineData(".status.conditions[0:2:0].type")]
    public void Fails_where_client_go_fails(string path)
    {
        ColumnJsonPath.TryParse(path, out var parsed, out var error).Should().BeTrue(error);
        parsed!.TryEvaluate(Postgresql, new List<JsonNode?>()).Should().BeFalse();
    }

    // Syntax client-go's jsonpath.Parse rejects (apiextensions then serves only the columns before it).
    [Theory]
    [InlineData(".spec.ports[0", "unterminated array")]
    [InlineData(".spec.ports[abc]", "invalid array index abc")]
    [InlineData(".spec.ports[?(@.a==\"b\"]", "unterminated filter")]
    [InlineData(".spec.ports[?(@.a==\"b\")", "unclosed array expect ]")]
    [InlineData(". \"abc", "unterminated quoted string")]
    [InlineData(".spec.{x}", "unrecognized character in action: U+007B")]
    [InlineData("..a.....b", "invalid multiple recursive descent")]
    public void Rejects_what_client_go_rejects(string path, string message)
    {
        ColumnJsonPath.TryParse(path, out _, out var error).Should().BeFalse();
        error.Should().Be(message);
    }
}
