using System.Net;
using System.Text;
using k8s;
using k8s.Models;
using PgHa.Testing.Tests.Support;

namespace PgHa.Testing.Tests.Server;

/// <summary>Start-up, several servers at once, TLS with a generated CA, token authentication, kubeconfig, bad requests, clean disposal.</summary>
public sealed class ServerHostingTests
{
    [Fact]
    public async Task Several_servers_run_at_once_on_their_own_ports_and_state()
    {
        await using var a = await KubeApiServer.StartAsync();
        await using var b = await KubeApiServer.StartAsync();

        await a.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "only-in-a" } }, "default");

        a.BaseAddress.Should().NotBe(b.BaseAddress);
        IPAddress.IsLoopback(IPAddress.Parse(a.BaseAddress.Host)).Should().BeTrue();
        (await b.Client.CoreV1.ListNamespacedConfigMapAsync("default")).Items.Should().BeEmpty();
    }

    [Fact]
    public async Task Tls_with_the_generated_ca_is_verified_by_the_client()
    {
        await using var server = await KubeApiServer.StartAsync(new KubeApiServerOptions { UseTls = true });

        server.BaseAddress.Scheme.Should().Be("https");
        var namespaces = await server.Client.CoreV1.ListNamespaceAsync();
        namespaces.Items.Select(n => n.Metadata.Name).Should().Contain("default");
        server.CreateKubeconfig().Should().Contain("certificate-authority-data: ");

        using var untrusting = new HttpClient();
        var act = () => untrusting.GetAsync(new Uri(server.BaseAddress, "/version"));
        await act.Should().ThrowAsync<HttpRequestException>("the CA is not in the machine's trust store");
    }

    [Fact]
    public async Task Required_tokens_reject_anonymous_requests_with_401()
    {
        await using var server = await KubeApiServer.StartAsync(new KubeApiServerOptions { RequireAuthentication = true });
        using var anonymous = new HttpClient { BaseAddress = server.BaseAddress };

        var response = await anonymous.GetAsync("/api/v1/namespaces");

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await server.Client.CoreV1.ListNamespaceAsync()).Items.Should().NotBeEmpty();
        (await anonymous.GetAsync("/healthz")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_kubeconfig_written_by_the_server_works_for_KubernetesClient()
    {
        await using var server = await KubeApiServer.StartAsync(new KubeApiServerOptions { UseTls = true, RequireAuthentication = true });
        var path = Path.Combine(Path.GetTempPath(), "pgha-kubeconfig-" + Guid.NewGuid().ToString("N"));
        try
        {
            await server.WriteKubeconfigAsync(path, "patroni-0", "kind-kind");
            var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(path, currentContext: "kind-kind");
            using var client = new Kubernetes(config);

            await client.CoreV1.ListNamespaceAsync();

            server.RequestLog.Count(client: "patroni-0").Should().Be(1);
            (OperatingSystem.IsWindows() ? UnixFileMode.UserRead | UnixFileMode.UserWrite : File.GetUnixFileMode(path)).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("POST", "/api/v1/namespaces/default/configmaps", "{not json", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("POST", "/api/v1/namespaces/default/configmaps", "[1,2]", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("POST", "/api/v1/namespaces/default/configmaps", "{\"kind\":\"Service\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"x\"}}", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("POST", "/api/v1/namespaces/default/configmaps", "{\"metadata\":{}}", "application/json", HttpStatusCode.UnprocessableEntity)]
    [InlineData("POST", "/api/v1/namespaces/default/configmaps", "{\"metadata\":{\"name\":\"x\"}}", "application/vnd.kubernetes.protobuf", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("PATCH", "/api/v1/namespaces/default/configmaps/x", "{}", "application/json", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("GET", "/api/v1/namespaces/default/widgets", null, null, HttpStatusCode.NotFound)]
    [InlineData("GET", "/apis/unknown.example.com/v1/things", null, null, HttpStatusCode.NotFound)]
    [InlineData("GET", "/api/v1/configmaps/x", null, null, HttpStatusCode.NotFound)]
    [InlineData("POST", "/api/v1/namespaces/default/configmaps/x", "{}", "application/json", HttpStatusCode.MethodNotAllowed)]
    [InlineData("GET", "/api/v1/namespaces/default/configmaps?limit=abc", null, null, HttpStatusCode.BadRequest)]
    [InlineData("GET", "/api/v1/namespaces/default/configmaps?fieldSelector=spec.nodeName%3Dx", null, null, HttpStatusCode.BadRequest)]
    [InlineData("PUT", "/api/v1/namespaces/default/configmaps/x", "{\"metadata\":{\"name\":\"y\"}}", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("POST", "/api/v1/namespaces/other/configmaps", "{\"metadata\":{\"name\":\"x\",\"namespace\":\"default\"}}", "application/json", HttpStatusCode.BadRequest)]
    public async Task Bad_requests_get_a_Status_error_and_the_server_keeps_serving(string method, string path, string? body, string? contentType, HttpStatusCode expected)
    {
        await using var server = await KubeApiServer.StartAsync();
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        await server.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "kept" } }, "default");
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            if (contentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        }

        var response = await http.SendAsync(request);

        response.StatusCode.Should().Be(expected);
        var status = await response.Content.ReadAsStringAsync();
        status.Should().Contain("\"kind\":\"Status\"").And.Contain($"\"code\":{(int)expected}");
        (await server.Client.CoreV1.ReadNamespacedConfigMapAsync("kept", "default")).Metadata.Name.Should().Be("kept");
    }

    [Fact]
    public async Task A_body_without_content_type_is_read_as_json_as_Patroni_sends_it()
    {
        await using var server = await KubeApiServer.StartAsync();
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/namespaces/default/endpoints")
        {
            Content = new ByteArrayContent("{\"metadata\":{\"name\":\"acid-minimal-cluster\",\"annotations\":{\"leader\":\"acid-minimal-cluster-0\",\"ttl\":\"30\"}},\"subsets\":[]}"u8.ToArray()),
        };

        var response = await http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        var stored = await server.Client.CoreV1.ReadNamespacedEndpointsAsync("acid-minimal-cluster", "default");
        stored.Metadata.Annotations.Should().Contain("ttl", "30");
    }

    [Fact]
    public async Task Disposal_ends_open_watches()
    {
        var server = await KubeApiServer.StartAsync();
        await using var watch = new WatchRecorder<V1ConfigMap>((onError, ct) =>
            server.Client.CoreV1.WatchListNamespacedConfigMapAsync("default", onError: onError, cancellationToken: ct));
        await server.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "a" } }, "default");
        await watch.NextAsync();

        await server.DisposeAsync();

        await watch.WaitForEndAsync();
    }
}
