using System.CommandLine;
using System.Globalization;
using OnePool.Cli.Output;
using OnePool.Contracts.Sites;

namespace OnePool.Cli.Commands.Sites;

/// <summary><c>onepool pool</c>: capacity, allocation and utilisation per site and resource, with totals.</summary>
internal static class PoolCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(GlobalOptions globals)
    {
        var output = JsonOutput.CreateOption();
        var command = new Command("pool", "Show the pool's capacity and use per site and resource") { output };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var broker = globals.Connect(parseResult);
            var pool = await broker.GetPoolAsync(cancellationToken);
            await JsonOutput.WriteAsync(parseResult, output, globals.Context.Out, pool, () => Render(pool, globals.Context.Width), cancellationToken);

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>One table (SITE, RESOURCE, CAPACITY, ALLOCATED, FREE, UTIL%) with a <c>total</c> row per resource, then
    /// <c>N pending, M running</c>. CPU is in cores and memory in GiB, as the broker reports them.</summary>
    public static string Render(PoolView pool, int width)
    {
        ArgumentNullException.ThrowIfNull(pool);
        var jobs = string.Create(CultureInfo.InvariantCulture, $"{pool.PendingJobs} pending, {pool.RunningJobs} running\n")
            + (pool.LastDay is { } day
                ? string.Create(CultureInfo.InvariantCulture, $"effective training time, last 24 h: {day.EffectiveTrainingTime:P1} ({day.InfrastructureFailures} infrastructure failures)\n")
                : "");
        if (pool.Rows.Count == 0)
        {
            return "the pool is empty: no site has ready nodes\n" + jobs;
        }

        var table = new TextTable("SITE", "RESOURCE", "CAPACITY", "ALLOCATED", "FREE", "UTIL%");
        foreach (var row in pool.Rows)
        {
            table.AddRow(row.Site, row.Resource, Number(row.Capacity), Number(row.Allocated), Number(row.Free), Percent(row.Utilisation));
        }

        var totals = pool.Rows
            .GroupBy(r => r.Resource, StringComparer.Ordinal)
            .OrderBy(g => Rank(g.Key)).ThenBy(g => g.Key, StringComparer.Ordinal);
        foreach (var group in totals)
        {
            var capacity = group.Sum(r => r.Capacity);
            var allocated = group.Sum(r => r.Allocated);
            table.AddRow("total", group.Key, Number(capacity), Number(allocated), Number(group.Sum(r => r.Free)),
                Percent(capacity > 0 ? allocated / capacity : 0));
        }

        return table.Render(width) + jobs;
    }

    // Accelerators first (they are what people look for), then cpu, then memory.
    private static int Rank(string resource) => resource switch { "cpu" => 1, "memory" => 2, _ => 0 };

    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Percent(double fraction) => (fraction * 100).ToString("0", CultureInfo.InvariantCulture) + "%";
}
