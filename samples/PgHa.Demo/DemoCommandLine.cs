using System.Runtime.InteropServices;

namespace PgHa.Demo;

/// <summary>The demo's commands: the walkthrough (default) and <c>api-server</c>, the embedded API server on its own.</summary>
internal static class DemoCommandLine
{
    public const string Usage = """
        usage: PgHa.Demo [demo]
               PgHa.Demo api-server --kubeconfig <file> [--port <n>] [--tls] [--require-token]

          demo        walk through the seed's mechanism on an embedded API server (the default)
          api-server  run the embedded Kubernetes API server until Ctrl-C or SIGTERM; writes a kubeconfig
                      for kubectl or Patroni and prints one line 'ready <url> kubeconfig=<file>' once serving
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

        try
        {
            return args switch
            {
                [] or ["demo"] => await Walkthrough.RunAsync(Console.Out, stop.Token),
                ["api-server", .. var rest] => await ApiServerCommand.RunAsync(ApiServerCommand.Parse(rest), Console.Out, stop.Token),
                ["-h" or "--help" or "help"] => Help(Console.Out),
                _ => Fail($"unknown command: {string.Join(' ', args)}"),
            };
        }
        catch (ArgumentException e)
        {
            return Fail(e.Message);
        }
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
