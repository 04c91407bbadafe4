using System.Net;
using PgHa.Agent;
using PgHa.Agent.Postgres;

namespace PgHa.Demo.Cluster;

/// <summary>One database member: its Pod's name and IP, its PostgreSQL and the agent that runs beside it.</summary>
internal sealed class DemoMember : IAsyncDisposable
{
    private readonly Func<IPostgresInstance> _newInstance;
    private readonly Func<IPostgresInstance, PostgresAgent> _newAgent;
    private CancellationTokenSource _stop = new();
    private Task _run = Task.CompletedTask;

    public DemoMember(string name, IPAddress address, Func<IPostgresInstance> newInstance, Func<IPostgresInstance, PostgresAgent> newAgent)
    {
        Name = name;
        Address = address;
        _newInstance = newInstance;
        _newAgent = newAgent;
        Instance = newInstance();
        Agent = newAgent(Instance);
    }

    public string Name { get; }

    public IPAddress Address { get; }

    public IPostgresInstance Instance { get; private set; }

    public PostgresAgent Agent { get; private set; }

    /// <summary>False between a crash and the restart (the node is gone).</summary>
    public bool Alive { get; private set; }

    /// <summary>Raised when the agent ends with an error (it should not).</summary>
    public event Action<DemoMember, Exception>? Failed;

    public void Start()
    {
        Alive = true;
        var agent = Agent;
        var token = _stop.Token;
        _run = Task.Run(async () =>
        {
            try
            {
                await agent.RunAsync(token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
            }
#pragma warning disable CA1031 // Reported to the demo, which says so and fails the run.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Failed?.Invoke(this, e);
            }
        });
    }

    /// <summary>Like a lost node: agent and postmaster die together, nothing is released.</summary>
    public async Task CrashAsync()
    {
        Alive = false;
        await Agent.CrashAsync().ConfigureAwait(false);
        await _stop.CancelAsync().ConfigureAwait(false);
        await _run.ConfigureAwait(false);
    }

    /// <summary>The node comes back (a rescheduled pod with its volume): a new agent and server on the same data.</summary>
    public async Task RestartAsync()
    {
        await Agent.DisposeAsync().ConfigureAwait(false);
        await Instance.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
        _stop = new CancellationTokenSource();
        Instance = _newInstance();
        Agent = _newAgent(Instance);
        Start();
    }

    /// <summary>A graceful stop (SIGTERM): the agent demotes and releases at once.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _run.ConfigureAwait(false);
        await Agent.DisposeAsync().ConfigureAwait(false);
        await Instance.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }
}
