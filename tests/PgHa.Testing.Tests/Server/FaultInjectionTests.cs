using System.Diagnostics;
using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using PgHa.Testing.Faults;
using PgHa.Testing.Tests.Support;

namespace PgHa.Testing.Tests.Server;

/// <summary>Seeded faults: error statuses by rule and by rate, latency, lost responses, partitions; and the request log that counts them.</summary>
public sealed class FaultInjectionTests : IAsyncLifetime
{
    private KubeApiServer _server = null!;

    public async Task InitializeAsync() => _server = await KubeApiServer.StartAsync(new KubeApiServerOptions { Seed = 42 });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(429, "TooManyRequests")]
    [InlineData(500, "InternalError")]
    [InlineData(503, "ServiceUnavailable")]
    [InlineData(504, "Timeout")]
    [InlineData(409, "Conflict")]
    public async Task A_rule_answers_matching_requests_with_its_status(int code, string reason)
    {
        using var agent = _server.CreateClient("agent-0");
        using var other = _server.CreateClient("agent-1");
        using var rule = _server.Faults.Add(new FaultRule { Client = "agent-0", Verb = "list", Resource = "endpoints", StatusCode = code });

        var act = () => agent.CoreV1.ListNamespacedEndpointsAsync("default");
        var error = (await act.Should().ThrowAsync<HttpOperationException>()).Which;
        error.Response.StatusCode.Should().Be((HttpStatusCode)code);
        error.Response.Content.Should().Contain($"\"reason\":\"{reason}\"");

        await other.CoreV1.ListNamespacedEndpointsAsync("default");
        await agent.CoreV1.ListNamespacedConfigMapAsync("default");
        _server.RequestLog.Snapshot().Should().Contain(r => r.Client == "agent-0" && r.Verb == "list" && r.StatusCode == code && r.Injected);
    }

    [Fact]
    public async Task A_rule_with_a_count_retires_itself()
    {
        using var agent = _server.CreateClient("agent-0");
        _server.Faults.Add(new FaultRule { Verb = "get", StatusCode = 500, MaxCount = 2 });
        await agent.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "a" } }, "default");

        var failures = 0;
        for (var i = 0; i < 4; i++)
        {
            try
            {
                await agent.CoreV1.ReadNamespacedConfigMapAsync("a", "default");
            }
            catch (HttpOperationException)
            {
                failures++;
            }
        }

        failures.Should().Be(2);
    }

    [Fact]
    public async Task The_same_seed_injects_the_same_faults()
    {
        static async Task<string> RunAsync()
        {
            await using var server = await KubeApiServer.StartAsync(new KubeApiServerOptions { Seed = 7 });
            server.Faults.Add(new FaultRule { Verb = "list", StatusCode = 503, Probability = 0.5 });
            var outcomes = new System.Text.StringBuilder();
            for (var i = 0; i < 32; i++)
            {
                try
                {
                    await server.Client.CoreV1.ListNamespacedConfigMapAsync("default");
                    outcomes.Append('.');
                }
                catch (HttpOperationException)
                {
                    outcomes.Append('x');
                }
            }

            return outcomes.ToString();
        }

        var first = await RunAsync();
        var second = await RunAsync();

        first.Should().Be(second).And.Contain("x").And.Contain(".");
    }

    [Fact]
    public async Task An_after_handling_fault_commits_the_write_but_reports_failure()
    {
        using var rule = _server.Faults.Add(new FaultRule { Verb = "create", StatusCode = 500, AfterHandling = true });

        var act = () => _server.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "a" } }, "default");

        (await act.Should().ThrowAsync<HttpOperationException>()).Which.Response.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        (await _server.Client.CoreV1.ReadNamespacedConfigMapAsync("a", "default")).Metadata.Name.Should().Be("a");
    }

    [Fact]
    public async Task Latency_is_added_to_matching_requests()
    {
        using var rule = _server.Faults.Add(new FaultRule { Verb = "list", Latency = TimeSpan.FromMilliseconds(300) });

        var clock = Stopwatch.StartNew();
        await _server.Client.CoreV1.ListNamespacedConfigMapAsync("default");

        clock.Elapsed.Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(290));
        _server.RequestLog.Snapshot().Last(r => r.Verb == "list").Latency.Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(290));
    }

    [Fact]
    public async Task A_hanging_partition_stalls_one_client_until_healed()
    {
        using var agent = _server.CreateClient("agent-0");
        _server.Faults.Partition("agent-0");

        var stalled = agent.CoreV1.ListNamespacedConfigMapAsync("default");
        await _server.Client.CoreV1.ListNamespacedConfigMapAsync("default");
        stalled.IsCompleted.Should().BeFalse();

        _server.Faults.Heal("agent-0");
        var list = await stalled.WaitAsync(TestTimeouts.Default);
        list.Items.Should().BeEmpty();
    }

    [Fact]
    public async Task A_failing_partition_resets_the_clients_connections()
    {
        using var agent = _server.CreateClient("agent-0");
        _server.Faults.Partition("agent-0", PartitionMode.Fail);

        var act = () => agent.CoreV1.ListNamespacedConfigMapAsync("default");

        await act.Should().ThrowAsync<HttpRequestException>();
        _server.Faults.Heal("agent-0");
        (await agent.CoreV1.ListNamespacedConfigMapAsync("default")).Items.Should().BeEmpty();
    }

    [Fact]
    public async Task CloseWatches_ends_streams_so_clients_resume()
    {
        using var agent = _server.CreateClient("agent-0");
        await using var watch = new WatchRecorder<V1ConfigMap>((onError, ct) =>
            agent.CoreV1.WatchListNamespacedConfigMapAsync("default", onError: onError, cancellationToken: ct));
        await agent.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "a" } }, "default");
        await watch.NextAsync();

        _server.Faults.CloseWatches(client: "agent-0").Should().Be(1);

        await watch.WaitForEndAsync();
        watch.Errors.Should().BeEmpty();
    }

    [Fact]
    public void Invalid_rules_are_rejected_with_the_field_named()
    {
        var act = () => _server.Faults.Add(new FaultRule { Probability = 2 });
        act.Should().Throw<ArgumentException>().WithMessage("*Probability*");
        var status = () => _server.Faults.Add(new FaultRule { StatusCode = 200 });
        status.Should().Throw<ArgumentException>().WithMessage("*StatusCode*");
    }

    [Fact]
    public async Task The_request_log_counts_by_client_verb_and_resource()
    {
        using var agent = _server.CreateClient("agent-0");
        await agent.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "a" } }, "default");
        await agent.CoreV1.ReadNamespacedConfigMapAsync("a", "default");
        await agent.CoreV1.ReadNamespacedConfigMapAsync("a", "default");
        await agent.DiscoveryV1.ListNamespacedEndpointSliceAsync("default");

        _server.RequestLog.Count(client: "agent-0").Should().Be(4);
        _server.RequestLog.Count(client: "agent-0", verb: "get", resource: "configmaps").Should().Be(2);
        _server.RequestLog.Count(verb: "list", resource: "endpointslices.discovery.k8s.io").Should().Be(1);
    }
}
