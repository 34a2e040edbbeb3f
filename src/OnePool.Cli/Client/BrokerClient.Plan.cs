using OnePool.Contracts.Jobs;
using OnePool.Core.Specs;

namespace OnePool.Cli.Client;

/// <content><c>POST /v1/jobs/plan</c>.</content>
internal sealed partial class BrokerClient
{
    /// <summary><c>POST /v1/jobs/plan</c>: what the broker would do with <paramref name="spec"/> now; nothing is stored,
    /// so the call is safe to repeat.</summary>
    public Task<JobPlanResponse> PlanJobAsync(JobSpec spec, CancellationToken cancellationToken) =>
        SendAsync<JobPlanResponse>(HttpMethod.Post, "v1/jobs/plan", JsonBody(spec, JobSpecReader.JsonOptions), null, cancellationToken);
}
