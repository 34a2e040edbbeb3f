namespace OnePool.TestKit.Files;

/// <summary>The checkout the tests run from.</summary>
public static class RepositoryRoot
{
    /// <summary>The folder holding OnePool.slnx, found upwards from the test binaries.</summary>
    public static string Path
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(System.IO.Path.Combine(dir.FullName, "OnePool.slnx")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("OnePool.slnx not found above " + AppContext.BaseDirectory);
        }
    }
}
