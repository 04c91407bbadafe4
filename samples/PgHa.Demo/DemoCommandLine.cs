using System.Runtime.InteropServices;

namespace PgHa.Demo;

/// <summary>The demo's commands: the failover demo (default), the walkthrough, and <c>api-server</c>, the embedded API server on its own.</summary>
internal static class DemoCommandLine
{
    public const string Usage = """
        usage: PgHa.Demo [demo] [--check] [--ttl <s>] [--loop-wait <s>] [--steady <s>] [--seed <n>] [--simulate] [--async]
                                [--log <file>] [--kubeconfig <file>]
               PgHa.Demo walkthrough
               PgHa.Demo api-server --kubeconfig <file> [--port <n>] [--tls] [--require-token]

          demo        (the default) the operator and three members with real PostgreSQL 15 (simulated members when
                      it is not installed) on an embedded API server; a client writes through the master Service
                      while the primary fails three ways: (a) its postmaster is killed, (b) its node is lost,
                      (c) a planned switchover. Prints each failover's timeline and the client-visible downtime.
                        --check        exit 1 if an acknowledged write was lost or downtime exceeded 3 s in (a),
                                       ttl + 5 s in (b), 2 s in (c)
                        --ttl <s>      the lock's ttl (default 10; Patroni's default is 30)
                        --loop-wait <s> the leader's renew interval (default 2; less than half the ttl)
                        --steady <s>   steady writes before each failure (default 3)
                        --seed <n>     replays a run's choices (addresses, when each failure strikes)
                        --simulate     simulated members even when PostgreSQL is installed
                        --async        asynchronous replication (faster commits; a failover may lose acknowledged writes)
                        --log <file>   the libraries' logs
                        --kubeconfig <file>  where to write the kubeconfig for kubectl (default: the demo's temp dir)
          walkthrough the seed's mechanism step by step: a selector-less Service, Patroni's lock on Endpoints,
                      the mirrored EndpointSlice following a failover
          api-server  run the embedded Kubernetes API server (with the postgresql CRD) until Ctrl-C or SIGTERM; writes
                      a kubeconfig for kubectl or Patroni and prints one line 'ready <url> kubeconfig=<file>' once serving
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });

        Func<Task<int>> command;
        try
        {
            command = args switch
            {
                [] => Demo(new DemoSettings()),
                ["demo", .. var rest] => Demo(DemoSettings.Parse(rest)),
                [var first, ..] when first.StartsWith("--", StringComparison.Ordinal) && first != "--help" => Demo(DemoSettings.Parse(args)),
                ["walkthrough"] => () => Walkthrough.RunAsync(Console.Out, stop.Token),
                ["api-server", .. var rest] => Server(ApiServerCommand.Parse(rest)),
                ["-h" or "--help" or "help"] => () => Task.FromResult(Help(Console.Out)),
                _ => throw new ArgumentException($"unknown command: {string.Join(' ', args)}"),
            };
        }
        catch (ArgumentException e)
        {
            return Fail(e.Message);
        }

        try
        {
            return await command();
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            Console.Out.WriteLine();
            Console.Out.WriteLine("stopped: every process and temporary directory of the demo is gone.");
            return 130;
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException or IOException)
        {
            Console.Error.WriteLine("error: " + e.Message);
            return 1;
        }

        Func<Task<int>> Demo(DemoSettings settings) => () => HaDemo.RunAsync(settings, Console.Out, stop.Token);

        Func<Task<int>> Server(ApiServerCommand.Settings settings) => () => ApiServerCommand.RunAsync(settings, Console.Out, stop.Token);
    }

    private static int Help(TextWriter output)
    {
        output.WriteLine(Usage);
        return 0;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine("error: " + message);
        Console.Error.WriteLine(Usage);
        return 2;
    }
}
