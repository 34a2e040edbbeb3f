using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/OnePool.Scheduler.Benchmarks -- --filter '*'
// Compare Ratio and Alloc Ratio against each class's baseline, not absolute times (see README.md here).
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args,
    DefaultConfig.Instance.AddJob(Job.ShortRun.WithWarmupCount(1).WithIterationCount(5).WithLaunchCount(1)));
