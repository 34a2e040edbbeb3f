namespace OnePool.Agent.Tests;

/// <summary>Reads /proc. PID 1 here does not reap orphans, so a zombie (state Z) counts as gone.</summary>
public static class ProcessTable
{
    public static bool IsGone(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state is "Z" or "X";
        }
        catch (IOException)
        {
            return true;
        }
    }
}
