using System.CommandLine;
using OnePool.Cli.Output;
using OnePool.Contracts.Tenants;

namespace OnePool.Cli.Commands.Tenants;

/// <summary><c>onepool tenants</c> and <c>onepool tenants add NAME</c>.</summary>
internal static class TenantsCommand
{
    /// <summary>Creates the command and its <c>add</c> subcommand.</summary>
    public static Command Create(GlobalOptions globals)
    {
        var output = JsonOutput.CreateOption();
        var command = new Command("tenants", "List tenants (admin)") { output, CreateAdd(globals) };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var broker = globals.Connect(parseResult);
            var tenants = await broker.ListTenantsAsync(cancellationToken);
            await JsonOutput.WriteAsync(parseResult, output, globals.Context.Out, tenants, () => Render(tenants, globals.Context.Times, globals.Context.Width), cancellationToken);

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The tenants table: NAME, CREATED, AGE.</summary>
    public static string Render(TenantList list, TimeText times, int width)
    {
        ArgumentNullException.ThrowIfNull(list);
        ArgumentNullException.ThrowIfNull(times);
        if (list.Tenants.Count == 0)
        {
            return "no tenants yet: add one with `onepool tenants add NAME`\n";
        }

        var table = new TextTable("NAME", "CREATED", "AGE");
        foreach (var tenant in list.Tenants)
        {
            table.AddRow(tenant.Name, times.At(tenant.CreatedAt), times.Age(tenant.CreatedAt));
        }

        return table.Render(width);
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
