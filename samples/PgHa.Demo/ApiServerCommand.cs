using System.Globalization;
using PgHa.Operator;
using PgHa.Testing;

namespace PgHa.Demo;

/// <summary><c>api-server</c>: the embedded API server as a standalone process, for kubectl, Patroni or a debugger.</summary>
internal static class ApiServerCommand
{
    public sealed record Settings(string Kubeconfig, int Port, bool Tls, bool RequireToken);

    public static Settings Parse(IReadOnlyList<string> args)
    {
        string? kubeconfig = null;
        var port = 0;
        var tls = false;
        var requireToken = false;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--kubeconfig" when i + 1 < args.Count:
                    kubeconfig = args[++i];
                    break;
                case "--port" when i + 1 < args.Count:
                    if (!int.TryParse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture, out port) || port > 65535)
                    {
                        throw new ArgumentException($"--port must be a number from 0 to 65535; it was '{args[i]}'.");
                    }

                    break;
                case "--tls":
                    tls = true;
                    break;
                case "--require-token":
                    requireToken = true;
                    break;
                default:
                    throw new ArgumentException($"unknown or incomplete option '{args[i]}'.");
            }
        }

        return new Settings(kubeconfig ?? throw new ArgumentException("--kubeconfig <file> is required."), port, tls, requireToken);
    }

    public static async Task<int> RunAsync(Settings settings, TextWriter output, CancellationToken cancellationToken)
    {
        await using var server = await KubeApiServer.StartAsync(new KubeApiServerOptions
        {
            Port = settings.Port,
            UseTls = settings.Tls,
            RequireAuthentication = settings.RequireToken,
        }, cancellationToken);
        await PostgresqlCrd.InstallAsync(server.Client, cancellationToken);
        var path = Path.GetFullPath(settings.Kubeconfig);
        await server.WriteKubeconfigAsync(path, cancellationToken: cancellationToken);
        output.WriteLine($"ready {server.BaseAddress} kubeconfig={path}");
        await output.FlushAsync(cancellationToken);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }

        return 0;
    }
}
