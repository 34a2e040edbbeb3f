using System.Runtime.CompilerServices;

namespace OnePool.Core.Tests.Importers;

/// <summary>Compares text with an approved file next to the fixtures (the OnePool.TestKit helper names files after
/// the test method; here each fixture has its own). On a mismatch it writes <c>.received.txt</c> beside it and fails;
/// <c>ONEPOOL_APPROVE=1</c> overwrites the approved file instead. An approved file is reviewed like code.</summary>
internal static class ApprovedFile
{
    /// <summary>The folder of the fixture scripts and their approved outputs.</summary>
    public static string Fixtures([CallerFilePath] string file = "") => Path.Combine(Path.GetDirectoryName(file)!, "fixtures");

    public static void Verify(string actual, string approvedPath)
    {
        var receivedPath = approvedPath.Replace(".approved.", ".received.", StringComparison.Ordinal);
        if (Environment.GetEnvironmentVariable("ONEPOOL_APPROVE") == "1")
        {
            File.WriteAllText(approvedPath, actual);
            File.Delete(receivedPath);
            return;
        }

        var approved = File.Exists(approvedPath) ? File.ReadAllText(approvedPath).Replace("\r\n", "\n", StringComparison.Ordinal) : null;
        if (approved == actual)
        {
            File.Delete(receivedPath);
            return;
        }

        File.WriteAllText(receivedPath, actual);
        var expected = (approved ?? "").Split('\n');
        var received = actual.Split('\n');
        var line = Enumerable.Range(0, Math.Max(expected.Length, received.Length))
            .First(i => i >= expected.Length || i >= received.Length || expected[i] != received[i]);
        throw new Xunit.Sdk.XunitException(approved is null
            ? $"No approved output yet: review {receivedPath} and rename it to {Path.GetFileName(approvedPath)} (or run with ONEPOOL_APPROVE=1)."
            : $"Output differs from {approvedPath} at line {line + 1}:\n- approved: {(line < expected.Length ? expected[line] : "<end>")}\n+ received: {(line < received.Length ? received[line] : "<end>")}\nThe whole output is in {receivedPath}.");
    }
}
