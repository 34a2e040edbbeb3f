using System.CommandLine;
using System.Globalization;
using OnePool.Core.Resources;
using OnePool.Simulator.Engine;
using OnePool.Simulator.Failures;
using OnePool.Simulator.Output;
using OnePool.Simulator.Policies;
using OnePool.Simulator.Pools;
using OnePool.Simulator.Replay;
using OnePool.Simulator.Traces;

namespace OnePool.Cli.Commands.Simulate;

/// <summary>
/// <c>onepool simulate</c>: replays a workload trace through OnePool.Simulator under each policy asked for and prints
/// one table row per policy against the workload's bounds; with <c>--out</c>, also JSON, CSV and SVG charts. Needs no
/// broker. See docs/simulator.md.
/// </summary>
internal static class SimulateCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(GlobalOptions globals)
    {
        ArgumentNullException.ThrowIfNull(globals);
        var trace = new Option<string>("--trace") { Description = "Trace folder or CSV: philly-gavel-vc, alibaba-openb-2023 or the generic CSV", Required = true };
        var pool = new Option<string?>("--pool") { Description = "Pool YAML (default: 8-GPU V100 nodes sized from the trace)" };
        var policy = new Option<string>("--policy") { Description = $"Policies, comma-separated: {string.Join(",", PolicyCatalog.Names)} or all", DefaultValueFactory = _ => "all" };
        var failures = new Option<string>("--failures") { Description = "Failure model: none, llama3, rsc or a YAML file", DefaultValueFactory = _ => "none" };
        var checkpoint = new Option<string>("--checkpoint-interval") { Description = "Time between checkpoints of running jobs, e.g. 30m; 0 for none", DefaultValueFactory = _ => "1h" };
        var seed = new Option<int>("--seed") { Description = "Seed of every random draw", DefaultValueFactory = _ => 42 };
        var load = new Option<double?>("--load") { Description = "Scale arrivals to this offered load (GPU-seconds / (pool GPUs x span)); default: as recorded" };
        var output = new Option<string?>("--out") { Description = "Folder for summary.json, CSV files and SVG charts" };
        var command = new Command("simulate", "Replay a workload trace through the scheduler on virtual time and compare policies")
        {
            trace, pool, policy, failures, checkpoint, seed, load, output,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var context = globals.Context;
            if (!PolicyCatalog.TryParse(parseResult.GetValue(policy)!, out var policies, out var policyError))
            {
                throw new UsageException($"--policy: {policyError}");
            }

            if (!DurationText.TryParse(parseResult.GetValue(checkpoint), out var interval, out var durationError) && parseResult.GetValue(checkpoint) != "0")
            {
                throw new UsageException($"--checkpoint-interval: {durationError}");
            }

            if (parseResult.GetValue(load) is { } l && (l <= 0 || !double.IsFinite(l)))
            {
                throw new UsageException("--load must be a positive number, e.g. 0.8");
            }

            var setup = Prepare(parseResult.GetValue(trace)!, parseResult.GetValue(pool), parseResult.GetValue(load), new SimulationOptions
            {
                Seed = parseResult.GetValue(seed),
                Failures = Failures(parseResult.GetValue(failures)!),
                CheckpointIntervalSeconds = interval.TotalSeconds,
            });
            await context.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"simulate: {setup.Trace.Name}, {setup.Trace.Jobs.Count} jobs on {setup.Pool.Describe()}, offered load {setup.Bounds.OfferedLoad:F2}, failures {setup.Options.Failures}").AsMemory(), cancellationToken);

            var runs = new List<PolicyRun>();
            foreach (var name in policies)
            {
                using var progress = new SimulateProgress(context.Error, name, live: context.HandleCtrlC && !Console.IsErrorRedirected);
                runs.Add(Replayer.Run(setup, name, progress, cancellationToken));
                progress.Done(runs[^1].Summary.WallSeconds);
            }

            await context.Out.WriteAsync(SimulateTable.Render(setup, runs, context.Width).AsMemory(), cancellationToken);
            if (parseResult.GetValue(output) is { } directory)
            {
                var written = ReportWriter.Write(directory, setup, setup.Trace.Name, runs);
                await context.Error.WriteLineAsync($"simulate: wrote {written.Count} files to {directory}".AsMemory(), cancellationToken);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static ReplaySetup Prepare(string trace, string? pool, double? load, SimulationOptions options)
    {
        try
        {
            return ReplaySetup.Create(TraceLoader.Load(trace, options.Seed), pool is null ? null : PoolYamlReader.Read(pool), load, options);
        }
        catch (TraceFormatException e)
        {
            throw new UsageException(e.Message);
        }
    }

    private static FailureModel Failures(string text)
    {
        try
        {
            return FailureModel.Parse(text);
        }
        catch (TraceFormatException e)
        {
            throw new UsageException(e.Message);
        }
    }
}
