using System.CommandLine;
using OnePool.Cli.Output;
using OnePool.Contracts.Tenants;
using OnePool.Core.Resources;

namespace OnePool.Cli.Commands.Tenants;

/// <summary><c>onepool tenants set NAME [--quota MODEL=N ...] [--borrowing-limit MODEL=N ...] [--cohort C | --no-cohort]
/// [--weight W]</c>: changes a tenant's queue policy (admin). Each list given replaces the stored one.</summary>
internal static class TenantsSetCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(GlobalOptions globals)
    {
        var name = new Argument<string>("NAME") { Description = "Tenant name" };
        var quota = new Option<string[]>("--quota") { Description = "Nominal quota, RESOURCE=N (accelerator model, cpu in cores, memory in GiB); repeat for each; replaces the stored quotas" };
        var borrowing = new Option<string[]>("--borrowing-limit") { Description = "Most it may borrow from its cohort beyond its quota, RESOURCE=N; repeat for each" };
        var cohort = new Option<string?>("--cohort") { Description = "Cohort whose members lend each other idle quota" };
        var noCohort = new Option<bool>("--no-cohort") { Description = "Leave the cohort" };
        var weight = new Option<string?>("--weight") { Description = "Fair-share weight, above 0 (default 1)" };
        var output = JsonOutput.CreateOption();
        var command = new Command("set", "Set a tenant's quota, cohort and fair-share weight (admin)") { name, quota, borrowing, cohort, noCohort, weight, output };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var leave = parseResult.GetValue(noCohort);
            var request = Build(
                parseResult.GetValue(quota), parseResult.GetValue(borrowing), parseResult.GetValue(cohort), leave, parseResult.GetValue(weight));
            using var broker = globals.Connect(parseResult);
            var view = await broker.SetTenantPolicyAsync(parseResult.GetValue(name)!, request, leave, cancellationToken);
            await JsonOutput.WriteAsync(parseResult, output, globals.Context.Out, view,
                () => TenantsCommand.Render(new TenantList([view]), globals.Context.Width), cancellationToken);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Checks the options and builds the request.</summary>
    /// <exception cref="UsageException">An option is malformed, options conflict, or nothing is to change.</exception>
    public static TenantPolicyRequest Build(IReadOnlyList<string>? quota, IReadOnlyList<string>? borrowing, string? cohort, bool noCohort, string? weight)
    {
        if (cohort is not null && noCohort)
        {
            throw new UsageException("--cohort and --no-cohort contradict each other; give one");
        }

        if (cohort is not null && !ModelName.IsValid(cohort))
        {
            throw new UsageException($"--cohort: '{cohort}' is not a valid cohort name (letters, digits, '-', '_', '.')");
        }

        var request = new TenantPolicyRequest(
            AmountArguments.Parse("--quota", quota, positive: false),
            AmountArguments.Parse("--borrowing-limit", borrowing, positive: false),
            cohort,
            weight is null ? null : AmountArguments.Number("--weight", weight, positive: true));
        if (request == new TenantPolicyRequest() && !noCohort)
        {
            throw new UsageException("nothing to set: give --quota, --borrowing-limit, --cohort, --no-cohort or --weight");
        }

        return request;
    }
}
