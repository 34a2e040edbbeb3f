using DbUp.Engine.Output;

namespace OnePool.Store.Sql;

/// <summary>Keeps DbUp quiet: migration failures are reported by the store's own exception.</summary>
internal sealed class NoUpgradeLog : IUpgradeLog
{
    public void LogTrace(string format, params object[] args) { }

    public void LogDebug(string format, params object[] args) { }

    public void LogInformation(string format, params object[] args) { }

    public void LogWarning(string format, params object[] args) { }

    public void LogError(string format, params object[] args) { }

    public void LogError(Exception ex, string format, params object[] args) { }
}
