namespace OnePool.Cli.Commands;

/// <summary>The user gave bad input (a bad option value, an invalid spec file); exits with <see cref="ExitCodes.Usage"/>.</summary>
internal sealed class UsageException(string message) : Exception(message);
