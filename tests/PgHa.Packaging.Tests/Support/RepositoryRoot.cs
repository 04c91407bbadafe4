namespace PgHa.Packaging.Tests.Support;

/// <summary>The repository the tests run from: the first directory above the test assembly that holds PgHa.sln.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "PgHa.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"no PgHa.sln above {AppContext.BaseDirectory}");
    }
}
