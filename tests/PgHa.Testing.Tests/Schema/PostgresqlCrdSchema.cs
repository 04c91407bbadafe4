using System.Text.Json.Nodes;
using PgHa.Testing.Schema;

namespace PgHa.Testing.Tests.Schema;

/// <summary>A schema shaped like the Zalando postgres-operator's postgresql CRD (acid.zalan.do/v1).</summary>
internal static class PostgresqlCrdSchema
{
    public static readonly GroupVersionKind Gvk = new("acid.zalan.do", "v1", "postgresql");

    public const string Json = """
        {
          "type": "object",
          "required": ["kind", "apiVersion", "spec"],
          "properties": {
            "kind": { "type": "string", "enum": ["postgresql"] },
            "apiVersion": { "type": "string", "enum": ["acid.zalan.do/v1"] },
            "spec": {
              "type": "object",
              "required": ["numberOfInstances", "teamId", "postgresql", "volume"],
              "properties": {
                "teamId": { "type": "string" },
                "numberOfInstances": { "type": "integer", "minimum": 1 },
                "dockerImage": { "type": "string" },
                "enableMasterLoadBalancer": { "type": "boolean" },
                "maintenanceWindows": { "type": "array", "items": { "type": "string", "pattern": "^\\ *((Mon|Tue|Wed|Thu|Fri|Sat|Sun):(2[0-3]|[01]?\\d):([0-5]?\\d)|(2[0-3]|[01]?\\d):([0-5]?\\d))-((2[0-3]|[01]?\\d):([0-5]?\\d)|(2[0-3]|[01]?\\d):([0-5]?\\d))\\ *$" } },
                "postgresql": {
                  "type": "object",
                  "required": ["version"],
                  "properties": {
                    "version": { "type": "string", "enum": ["13", "14", "15", "16", "17"] },
                    "parameters": { "type": "object", "additionalProperties": { "type": "string" } }
                  }
                },
                "volume": {
                  "type": "object",
                  "required": ["size"],
                  "properties": {
                    "size": { "type": "string", "pattern": "^(\\d+(e\\d+)?|\\d+(\\.\\d+)?(e\\d+)?[EPTGMK]i?)$" },
                    "storageClass": { "type": "string" }
                  }
                },
                "users": {
                  "type": "object",
                  "additionalProperties": { "type": "array", "nullable": true, "items": { "type": "string", "enum": ["bypassrls", "createdb", "login", "superuser"] } }
                },
                "patroni": {
                  "type": "object",
                  "properties": {
                    "ttl": { "type": "integer", "default": 30 },
                    "loop_wait": { "type": "integer", "default": 10 },
                    "slots": { "type": "object", "additionalProperties": { "type": "object", "additionalProperties": { "type": "string" } } }
                  }
                },
                "resources": {
                  "type": "object",
                  "properties": {
                    "limits": { "type": "object", "properties": { "cpu": { "type": "string" }, "memory": { "type": "string" } } }
                  }
                },
                "sidecars": { "type": "array", "items": { "type": "object", "x-kubernetes-preserve-unknown-fields": true } },
                "port": { "x-kubernetes-int-or-string": true },
                "tolerations": { "type": "array", "maxItems": 2, "items": { "type": "object", "properties": { "key": { "type": "string", "maxLength": 5 } } } }
              }
            },
            "status": { "type": "object", "additionalProperties": { "type": "string" } }
          }
        }
        """;

    public static SchemaNode Read() => CustomResourceSchemaReader.Read(JsonNode.Parse(Json)!.AsObject(), Gvk);

    public static JsonObject ValidObject() => JsonNode.Parse("""
        {
          "apiVersion": "acid.zalan.do/v1",
          "kind": "postgresql",
          "metadata": { "name": "acid-minimal-cluster", "namespace": "default", "labels": { "team": "acid" } },
          "spec": {
            "teamId": "acid",
            "numberOfInstances": 2,
            "users": { "zalando": ["superuser", "createdb"], "foo_user": [] },
            "postgresql": { "version": "16" },
            "volume": { "size": "1Gi" },
            "patroni": { "ttl": 30, "loop_wait": 10 }
          }
        }
        """)!.AsObject();
}
