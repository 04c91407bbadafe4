using System.Net;
using System.Text.Json;
using k8s;
using k8s.Models;
using PgHa.Testing.Tests.Support;

namespace PgHa.Testing.Tests.Server;

/// <summary>Watches through the real KubernetesClient and raw HTTP: event types, resume, 410, bookmarks, timeouts, selectors.</summary>
public sealed class WatchTests : IAsyncLifetime
{
    private KubeApiServer _server = null!;

    private IKubernetes Client => _server.Client;

    public async Task InitializeAsync() => _server = await KubeApiServer.StartAsync(new KubeApiServerOptions { WatchHistoryLength = 64 });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_watch_sees_added_modified_and_deleted_in_order()
    {
        var list = await Client.CoreV1.ListNamespacedEndpointsAsync("default");
        await using var watch = new WatchRecorder<V1Endpoints>((onError, ct) =>
            Client.CoreV1.WatchListNamespacedEndpointsAsync("default", resourceVersion: list.Metadata.ResourceVersion, onError: onError, cancellationToken: ct));

        await Client.CoreV1.CreateNamespacedEndpointsAsync(SeedObjects.PatroniEndpoints("10.8.112.49"), "default");
        await Client.CoreV1.PatchNamespacedEndpointsAsync(new V1Patch("{\"metadata\":{\"annotations\":{\"leader\":\"acid-minimal-cluster-1\"}}}", V1Patch.PatchType.MergePatch), SeedObjects.Cluster, "default");
        await Client.CoreV1.DeleteNamespacedEndpointsAsync(SeedObjects.Cluster, "default");

        var added = await watch.NextAsync();
        var modified = await watch.NextAsync();
        var deleted = await watch.NextAsync();
        added.Type.Should().Be(WatchEventType.Added);
        modified.Type.Should().Be(WatchEventType.Modified);
        modified.Object.Metadata.Annotations["leader"].Should().Be("acid-minimal-cluster-1");
        deleted.Type.Should().Be(WatchEventType.Deleted);
        long.Parse(deleted.Object.Metadata.ResourceVersion).Should().BeGreaterThan(long.Parse(modified.Object.Metadata.ResourceVersion));
    }

    [Fact]
    public async Task A_watch_without_resourceVersion_starts_with_the_current_objects()
    {
        await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "a" } }, "default");
        await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "b" } }, "default");

        await using var watch = new WatchRecorder<V1ConfigMap>((onError, ct) =>
            Client.CoreV1.WatchListNamespacedConfigMapAsync("default", onError: onError, cancellationToken: ct));

        var first = await watch.NextAsync();
        var second = await watch.NextAsync();
        new[] { first, second }.Should().OnlyContain(e => e.Type == WatchEventType.Added);
        new[] { first.Object.Metadata.Name, second.Object.Metadata.Name }.Should().Equal("a", "b");
    }

    [Fact]
    public async Task A_watch_resumes_from_a_resourceVersion_without_missing_or_repeating_events()
    {
        var created = await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "a" } }, "default");
        for (var i = 0; i < 3; i++)
        {
            await Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch($"{{\"data\":{{\"n\":\"{i}\"}}}}", V1Patch.PatchType.MergePatch), "a", "default");
        }

        await using var watch = new WatchRecorder<V1ConfigMap>((onError, ct) =>
            Client.CoreV1.WatchListNamespacedConfigMapAsync("default", resourceVersion: created.Metadata.ResourceVersion, onError: onError, cancellationToken: ct));

        for (var i = 0; i < 3; i++)
        {
            var e = await watch.NextAsync();
            e.Type.Should().Be(WatchEventType.Modified);
            e.Object.Data["n"].Should().Be(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public async Task A_resume_from_before_the_kept_history_gets_410_Expired_in_the_stream()
    {
        var created = await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "a" } }, "default");
        for (var i = 0; i < 70; i++)
        {
            await Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch($"{{\"data\":{{\"n\":\"{i}\"}}}}", V1Patch.PatchType.MergePatch), "a", "default");
        }

        var (status, lines) = await RawWatchAsync($"/api/v1/namespaces/default/configmaps?watch=true&resourceVersion={created.Metadata.ResourceVersion}");

        status.Should().Be(HttpStatusCode.OK);
        lines.Should().ContainSingle();
        using var error = JsonDocument.Parse(lines[0]);
        error.RootElement.GetProperty("type").GetString().Should().Be("ERROR");
        error.RootElement.GetProperty("object").GetProperty("code").GetInt32().Should().Be(410);
        error.RootElement.GetProperty("object").GetProperty("reason").GetString().Should().Be("Expired");
    }

    [Fact]
    public async Task KubernetesClient_reports_410_from_an_expired_watch_through_onError()
    {
        var created = await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "a" } }, "default");
        await Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("{\"data\":{\"k\":\"v\"}}", V1Patch.PatchType.MergePatch), "a", "default");
        _server.Faults.CompactHistory();

        await using var watch = new WatchRecorder<V1ConfigMap>((onError, ct) =>
            Client.CoreV1.WatchListNamespacedConfigMapAsync("default", resourceVersion: created.Metadata.ResourceVersion, onError: onError, cancellationToken: ct));
        await watch.WaitForEndAsync();

        watch.Errors.OfType<KubernetesException>().Should().ContainSingle().Which.Status.Code.Should().Be(410);
    }

    [Fact]
    public async Task ExpireWatches_ends_open_streams_with_410()
    {
        await using var watch = new WatchRecorder<V1ConfigMap>((onError, ct) =>
            Client.CoreV1.WatchListNamespacedConfigMapAsync("default", onError: onError, cancellationToken: ct));
        await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "a" } }, "default");
        await watch.NextAsync();

        _server.Faults.ExpireWatches().Should().Be(1);
        await watch.WaitForEndAsync();

        watch.Errors.OfType<KubernetesException>().Should().ContainSingle().Which.Status.Code.Should().Be(410);
    }

    [Fact]
    public async Task A_selector_watch_turns_matching_changes_into_added_and_deleted()
    {
        await Client.CoreV1.CreateNamespacedPodAsync(Pod("p", "replica"), "default");

        // From a listed version: a watch without one starts whenever the server gets to it, possibly after the patches.
        var list = await Client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "spilo-role=master");
        await using var watch = new WatchRecorder<V1Pod>((onError, ct) => Client.CoreV1.WatchListNamespacedPodAsync(
            "default", labelSelector: "spilo-role=master", resourceVersion: list.Metadata.ResourceVersion, onError: onError, cancellationToken: ct));

        await Client.CoreV1.PatchNamespacedPodAsync(new V1Patch("{\"metadata\":{\"labels\":{\"spilo-role\":\"master\"}}}", V1Patch.PatchType.MergePatch), "p", "default");
        await Client.CoreV1.PatchNamespacedPodAsync(new V1Patch("{\"metadata\":{\"labels\":{\"spilo-role\":\"replica\"}}}", V1Patch.PatchType.MergePatch), "p", "default");

        (await watch.NextAsync()).Type.Should().Be(WatchEventType.Added);
        var gone = await watch.NextAsync();
        gone.Type.Should().Be(WatchEventType.Deleted);
        gone.Object.Metadata.Labels["spilo-role"].Should().Be("master", "kube sends the last matching content");
    }

    [Fact]
    public async Task Bookmarks_arrive_when_asked_for()
    {
        await using var server = await KubeApiServer.StartAsync(new KubeApiServerOptions { BookmarkInterval = TimeSpan.FromMilliseconds(50) });
        var list = await server.Client.CoreV1.ListNamespacedConfigMapAsync("default");
        await using var watch = new WatchRecorder<V1ConfigMap>((onError, ct) =>
            server.Client.CoreV1.WatchListNamespacedConfigMapAsync("default", allowWatchBookmarks: true, resourceVersion: list.Metadata.ResourceVersion, onError: onError, cancellationToken: ct));

        var bookmark = await watch.NextAsync();

        bookmark.Type.Should().Be(WatchEventType.Bookmark);
        long.Parse(bookmark.Object.Metadata.ResourceVersion).Should().BeGreaterThanOrEqualTo(long.Parse(list.Metadata.ResourceVersion));
    }

    [Fact]
    public async Task SendInitialEvents_ends_the_initial_state_with_an_annotated_bookmark()
    {
        await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "a" } }, "default");

        var (_, lines) = await RawWatchAsync("/api/v1/namespaces/default/configmaps?watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&timeoutSeconds=1");

        lines.Should().HaveCountGreaterThanOrEqualTo(2);
        lines[0].Should().Contain("\"type\":\"ADDED\"");
        lines[1].Should().Contain("\"type\":\"BOOKMARK\"").And.Contain("k8s.io/initial-events-end");
    }

    [Fact]
    public async Task TimeoutSeconds_ends_the_stream()
    {
        var (status, lines) = await RawWatchAsync("/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=1&resourceVersion=1");

        status.Should().Be(HttpStatusCode.OK);
        lines.Should().BeEmpty();
    }

    [Fact]
    public async Task The_legacy_watch_path_streams_like_watch_true()
    {
        await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "a" } }, "default");

        var (status, lines) = await RawWatchAsync("/api/v1/watch/namespaces/default/configmaps?timeoutSeconds=1");

        status.Should().Be(HttpStatusCode.OK);
        lines.Should().ContainSingle().Which.Should().StartWith("{\"type\":\"ADDED\"").And.Contain("\"name\":\"a\"");
    }

    [Fact]
    public async Task A_refused_watch_is_a_Status_error_and_is_logged()
    {
        var (status, _) = await RawWatchAsync("/api/v1/namespaces/default/configmaps?watch=true&labelSelector=a%20in%20(b");

        status.Should().Be(HttpStatusCode.BadRequest);
        _server.RequestLog.Snapshot().Should().Contain(r => r.Verb == "watch" && r.StatusCode == 400);
    }

    [Fact]
    public async Task A_watch_from_a_future_resourceVersion_is_504_Timeout()
    {
        var (status, _) = await RawWatchAsync("/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=99999999");

        status.Should().Be(HttpStatusCode.GatewayTimeout);
    }

    [Fact]
    public async Task Patroni_style_watch_with_capital_True_and_chunked_lines_works()
    {
        var list = await Client.CoreV1.ListNamespacedEndpointsAsync("default");
        using var http = new HttpClient { BaseAddress = _server.BaseAddress };
        using var response = await http.GetAsync(
            $"/api/v1/namespaces/default/endpoints?labelSelector=application%3Dspilo%2Ccluster-name%3Dacid-minimal-cluster&watch=True&resourceVersion={list.Metadata.ResourceVersion}",
            HttpCompletionOption.ResponseHeadersRead, TestTimeouts.Token());
        response.Headers.TransferEncodingChunked.Should().BeTrue();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        await Client.CoreV1.CreateNamespacedEndpointsAsync(SeedObjects.PatroniEndpoints("10.8.112.49"), "default");
        var line = await reader.ReadLineAsync(TestTimeouts.Token());

        line.Should().StartWith("{\"type\":\"ADDED\",\"object\":{").And.Contain("\"leader\":\"acid-minimal-cluster-0\"");
    }

    private static V1Pod Pod(string name, string role) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = SeedObjects.Labels(role) },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "postgres", Image = "spilo:3.0" }] },
    };

    private async Task<(HttpStatusCode Status, List<string> Lines)> RawWatchAsync(string path)
    {
        using var http = new HttpClient { BaseAddress = _server.BaseAddress };
        using var response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, TestTimeouts.Token());
        var lines = new List<string>();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return (response.StatusCode, lines);
        }

        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        while (await reader.ReadLineAsync(TestTimeouts.Token()) is { } line)
        {
            lines.Add(line);
        }

        return (response.StatusCode, lines);
    }
}
