using System.Runtime.CompilerServices;
using System.Text;

namespace OnePool.TestKit.Approvals;

/// <summary>
/// Approved-output testing: compares text with <c>approved/&lt;Class&gt;.&lt;Method&gt;.approved.txt</c> beside the calling
/// test file. On a mismatch (or when the approved file is missing) it writes <c>.received.txt</c> next to it and fails
/// with the first differing line. To accept new output, review the received file and either rename it, or run the tests
/// with the environment variable <c>ONEPOOL_APPROVE=1</c>, which overwrites the approved files with what was received.
/// An approved file is reviewed like code.
/// </summary>
public static class Approvals
{
    /// <summary>The variable that, set to 1, makes <see cref="Verify"/> write approved files instead of failing.</summary>
    public const string ApproveVariable = "ONEPOOL_APPROVE";

    /// <summary>Checks <paramref name="actual"/> against the approved file of the calling test.</summary>
    /// <param name="actual">The output under test; line endings are normalised to '\n'.</param>
    /// <param name="file">Filled in by the compiler: the calling test's source file.</param>
    /// <param name="name">Filled in by the compiler: the calling test method.</param>
    public static void Verify(string actual, [CallerFilePath] string file = "", [CallerMemberName] string name = "")
    {
        ArgumentNullException.ThrowIfNull(actual);
        var folder = Path.Combine(Path.GetDirectoryName(file)!, "approved");
        var stem = Path.Combine(folder, $"{Path.GetFileNameWithoutExtension(file)}.{name}");
        var approvedPath = stem + ".approved.txt";
        var receivedPath = stem + ".received.txt";
        var received = Normalise(actual);

        if (Environment.GetEnvironmentVariable(ApproveVariable) == "1")
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(approvedPath, received);
            File.Delete(receivedPath);
            return;
        }

        var approved = File.Exists(approvedPath) ? Normalise(File.ReadAllText(approvedPath)) : null;
        if (approved == received)
        {
            File.Delete(receivedPath);
            return;
        }

        Directory.CreateDirectory(folder);
        File.WriteAllText(receivedPath, received);
        throw new ApprovalException(approved is null
            ? $"No approved output yet. Review {receivedPath} and rename it to {Path.GetFileName(approvedPath)} (or run with {ApproveVariable}=1).\n--- received ---\n{received}"
            : $"Output differs from {approvedPath}; received output is in {receivedPath}.\n{FirstDifference(approved, received)}");
    }

    private static string Normalise(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);

    private static string FirstDifference(string approved, string received)
    {
        var expectedLines = approved.Split('\n');
        var actualLines = received.Split('\n');
        for (var i = 0; i < Math.Max(expectedLines.Length, actualLines.Length); i++)
        {
            var expected = i < expectedLines.Length ? expectedLines[i] : "<end of file>";
            var actual = i < actualLines.Length ? actualLines[i] : "<end of file>";
            if (expected != actual)
            {
                return new StringBuilder()
                    .Append("first difference at line ").Append(i + 1).Append(":\n")
                    .Append("- approved: ").Append(expected).Append('\n')
                    .Append("+ received: ").Append(actual).Append("\n--- received ---\n").Append(received)
                    .ToString();
            }
        }

        return "the files differ only in line endings";
    }
}

/// <summary>Thrown when output differs from its approved file.</summary>
public sealed class ApprovalException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ApprovalException(string message)
        : base(message)
    {
    }
}
