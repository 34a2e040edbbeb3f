using System.CommandLine;
using OnePool.Cli.Output;
using OnePool.Contracts.Tenants;

namespace OnePool.Cli.Commands.Tenants;

/// <summary><c>onepool tenants</c>, <c>onepool tenants add NAME</c> and <c>onepool tenants set NAME ...</c>.</summary>
internal static class TenantsCommand
{
    /// <summary>Creates the command and its <c>add</c> and <c>set</c> subcommands.</summary>
    public static Command Create(GlobalOptions globals)
    {
        var output = JsonOutput.CreateOption();
        var command = new Command("tenants", "List tenants with their quotas and usage (admin)") { output, CreateAdd(globals), TenantsSetCommand.Create(globals) };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var broker = globals.Connect(parseResult);
            var tenants = await broker.ListTenantsAsync(cancellationToken);
            await JsonOutput.WriteAsync(parseResult, output, globals.Context.Out, tenants, () => Render(tenants, globals.Context.Width), cancellationToken);

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The tenants table: TENANT, COHORT, WEIGHT, QUOTA (nominal, with what it may borrow as <c>(+N)</c>) and
    /// USAGE (what its live jobs hold).</summary>
    public static string Render(TenantList list, int width)
    {
        ArgumentNullException.ThrowIfNull(list);
        if (list.Tenants.Count == 0)
        {
            return "no tenants yet: add one with `onepool tenants add NAME`\n";
        }

        var table = new TextTable("TENANT", "COHORT", "WEIGHT", "QUOTA", "USAGE");
        foreach (var tenant in list.Tenants)
        {
            table.AddRow(tenant.Name, tenant.Cohort ?? "-", AmountArguments.Number(tenant.Weight), Quota(tenant), AmountArguments.Format(tenant.Usage));
        }

        return table.Render(width);
    }

    /// <summary>Nominal quotas as <c>A100-80G:8 (+4), cpu:64</c>; <c>-</c> for a resource with only a borrowing limit.</summary>
    public static string Quota(TenantView tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var names = tenant.Nominal.Keys.Concat(tenant.BorrowingLimit.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return names.Count == 0
            ? "-"
            : string.Join(", ", names.Select(n =>
                $"{n}:{(tenant.Nominal.TryGetValue(n, out var q) ? AmountArguments.Number(q) : "-")}"
                + (tenant.BorrowingLimit.TryGetValue(n, out var b) ? $" (+{AmountArguments.Number(b)})" : "")));
    }

    private static Command CreateAdd(GlobalOptions globals)
    {
        var name = new Argument<string>("NAME") { Description = "Tenant name" };
        var output = JsonOutput.CreateOption();
        var command = new Command("add", "Add a tenant and print its token (admin)") { name, output };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var broker = globals.Connect(parseResult);
            var created = await broker.CreateTenantAsync(new CreateTenantRequest(parseResult.GetValue(name)!), cancellationToken);
            if (JsonOutput.Wanted(parseResult, output))
            {
                JsonOutput.Write(globals.Context.Out, created);
                return ExitCodes.Ok;
            }

            await globals.Context.Out.WriteAsync(
                $"""
                tenant {created.Name} added.
                Its token is shown only this once; give it to the tenant's users:
                  {created.Token}
                They log in with:
                  onepool login {broker.BaseUrl.AbsoluteUri.TrimEnd('/')} --token {created.Token}

                """.AsMemory(), cancellationToken);
            return ExitCodes.Ok;
        });
        return command;
    }
}
