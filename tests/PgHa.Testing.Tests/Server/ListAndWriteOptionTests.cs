using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace PgHa.Testing.Tests.Server;

/// <summary>The rest of kube's list and write options: every selector operator, resourceVersion semantics, dry run, field validation.</summary>
public sealed class ListAndWriteOptionTests : IAsyncLifetime
{
    private KubeApiServer _server = null!;

    private IKubernetes Client => _server.Client;

    public async Task InitializeAsync()
    {
        _server = await KubeApiServer.StartAsync();
        foreach (var (name, role) in new[] { ("m", "master"), ("r1", "replica"), ("r2", "replica"), ("x", null) })
        {
            var labels = role is null ? new Dictionary<string, string> { ["application"] = "spilo" } : SeedObjects.Labels(role);
            await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name, Labels = labels } }, "default");
        }
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("spilo-role=master", "m")]
    [InlineData("spilo-role==replica", "r1,r2")]
    [InlineData("spilo-role!=master", "r1,r2,x")]
    [InlineData("spilo-role in (master,replica)", "m,r1,r2")]
    [InlineData("spilo-role notin (replica)", "m,x")]
    [InlineData("spilo-role", "m,r1,r2")]
    [InlineData("!spilo-role", "x")]
    [InlineData("application=spilo,spilo-role notin (master),team", "r1,r2")]
    public async Task Every_label_selector_operator_filters_as_kube_does(string selector, string expected)
    {
        var list = await Client.CoreV1.ListNamespacedConfigMapAsync("default", labelSelector: selector);

        string.Join(',', list.Items.Select(i => i.Metadata.Name)).Should().Be(expected);
    }

    [Fact]
    public async Task Exact_resourceVersion_lists_the_unchanged_state_and_expires_once_it_changed()
    {
        var first = await Client.CoreV1.ListNamespacedConfigMapAsync("default");

        var exact = await Client.CoreV1.ListNamespacedConfigMapAsync("default", resourceVersion: first.Metadata.ResourceVersion, resourceVersionMatch: "Exact");
        exact.Metadata.ResourceVersion.Should().Be(first.Metadata.ResourceVersion);
        exact.Items.Should().HaveCount(4);

        await Client.CoreV1.DeleteNamespacedConfigMapAsync("x", "default");
        var act = () => Client.CoreV1.ListNamespacedConfigMapAsync("default", resourceVersion: first.Metadata.ResourceVersion, resourceVersionMatch: "Exact");
        var error = (await act.Should().ThrowAsync<HttpOperationException>()).Which;
        error.Response.StatusCode.Should().Be(HttpStatusCode.Gone);
        error.Response.Content.Should().Contain("\"reason\":\"Expired\"");
    }

    [Fact]
    public async Task A_resourceVersion_from_the_future_is_504_Timeout_with_kubes_cause()
    {
        var act = () => Client.CoreV1.ListNamespacedConfigMapAsync("default", resourceVersion: "999999");

        var error = (await act.Should().ThrowAsync<HttpOperationException>()).Which;
        error.Response.StatusCode.Should().Be(HttpStatusCode.GatewayTimeout);
        error.Response.Content.Should().Contain("ResourceVersionTooLarge");
    }

    [Fact]
    public async Task NotOlderThan_and_zero_serve_the_current_state()
    {
        var zero = await Client.CoreV1.ListNamespacedConfigMapAsync("default", resourceVersion: "0");
        var notOlder = await Client.CoreV1.ListNamespacedConfigMapAsync("default", resourceVersion: "1", resourceVersionMatch: "NotOlderThan");

        zero.Items.Should().HaveCount(4);
        notOlder.Items.Should().HaveCount(4);
        notOlder.Metadata.ResourceVersion.Should().Be(zero.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task Dry_run_validates_and_answers_without_storing()
    {
        var created = await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "dry" } }, "default", dryRun: "All");
        var deleted = await Client.CoreV1.DeleteNamespacedConfigMapAsync("m", "default", dryRun: "All");

        created.Metadata.Name.Should().Be("dry");
        (await Client.CoreV1.ListNamespacedConfigMapAsync("default")).Items.Select(i => i.Metadata.Name).Should().Equal("m", "r1", "r2", "x");
        deleted.Should().NotBeNull();
    }

    [Fact]
    public async Task Unknown_fields_are_dropped_with_a_warning_or_refused_under_strict_validation()
    {
        using var http = new HttpClient { BaseAddress = _server.BaseAddress };
        const string Body = """{"metadata":{"name":"u"},"data":{"a":"b"},"spec":{"surprise":true}}""";

        var warned = await http.PostAsync("/api/v1/namespaces/default/configmaps", new StringContent(Body, System.Text.Encoding.UTF8, "application/json"));
        var strict = await http.PostAsync("/api/v1/namespaces/default/configmaps?fieldValidation=Strict",
            new StringContent(Body.Replace("\"u\"", "\"s\"", StringComparison.Ordinal), System.Text.Encoding.UTF8, "application/json"));

        warned.StatusCode.Should().Be(HttpStatusCode.Created);
        warned.Headers.GetValues("Warning").Should().Contain(w => w.Contains("unknown field \\\"spec\\\"", StringComparison.Ordinal));
        (await warned.Content.ReadAsStringAsync()).Should().NotContain("surprise");
        strict.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await strict.Content.ReadAsStringAsync()).Should().Contain("strict decoding error: unknown field \\\"spec\\\"");
    }
}
