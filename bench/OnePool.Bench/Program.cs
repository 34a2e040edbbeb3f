using OnePool.Bench;
using OnePool.Bench.Packing;
using OnePool.Bench.Scheduler;

// dotnet run -c Release --project bench/OnePool.Bench -- <subcommand> [--quick] [--seed N]
// Each subcommand prints a short table and ends with one machine-readable line (see README.md here).
if (args.Length == 0 || args[0] is "-h" or "--help")
{
    BenchArguments.PrintUsage(Console.Out);
    return args.Length == 0 ? 2 : 0;
}

if (!BenchArguments.TryParse(args.AsSpan(1), out var options, out var error))
{
    Console.Error.WriteLine(error);
    BenchArguments.PrintUsage(Console.Error);
    return 2;
}

switch (args[0])
{
    case "scheduler":
        return SchedulerCommand.Run(options, Console.Out);
    case "packing":
        return PackingCommand.Run(options, Console.Out);
    case "simulate":
        return OnePool.Bench.Simulate.SimulateCommand.Run(options, Console.Out);
    case "slurm":
        return await OnePool.Bench.Slurm.SlurmBenchCommand.RunAsync(options, Console.Out, CancellationToken.None);
    case "api":
        return await OnePool.Bench.Api.ApiCommand.RunAsync(options, Console.Out, CancellationToken.None);
    case "faults":
        return await OnePool.Bench.Faults.FaultsCommand.RunAsync(options, Console.Out, CancellationToken.None);
    default:
        Console.Error.WriteLine($"unknown subcommand '{args[0]}'");
        BenchArguments.PrintUsage(Console.Error);
        return 2;
}
