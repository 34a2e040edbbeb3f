using OnePool.Cli.Commands;

return await CliApp.RunAsync(args, CliContext.FromConsole(), CancellationToken.None);
