using System.Text.Json;
using OnePool.Broker.Problems;
using OnePool.Contracts.Tenants;
using OnePool.Core.Specs;
using OnePool.Store.Records;

namespace OnePool.Broker.Tenants;

/// <summary>Tenant policies between their stored form (JSON columns), the API's views and <c>PUT</c> requests.</summary>
internal static class TenantPolicies
{
    /// <summary>The JSON name of <see cref="TenantPolicyRequest.Cohort"/>, whose explicit null differs from its absence.</summary>
    public const string CohortField = "cohort";

    public static TenantView ToView(TenantRecord tenant, IReadOnlyDictionary<string, double>? usage) =>
        new(tenant.Name, Time.FromMs(tenant.CreatedAt))
        {
            Nominal = Amounts(tenant.Nominal),
            BorrowingLimit = Amounts(tenant.BorrowingLimit),
            Cohort = tenant.Cohort,
            Weight = tenant.Weight,
            Usage = usage ?? new Dictionary<string, double>(),
        };

    /// <summary>Reads a stored JSON object of amounts (case-insensitive keys).</summary>
    public static Dictionary<string, double> Amounts(string json) =>
        new(JsonSerializer.Deserialize<Dictionary<string, double>>(json) ?? [], StringComparer.OrdinalIgnoreCase);

    public static List<SpecError> Check(TenantPolicyRequest request)
    {
        var errors = new List<SpecError>();
        FieldChecks.Amounts("nominal", request.Nominal, positive: false, errors);
        FieldChecks.Amounts("borrowingLimit", request.BorrowingLimit, positive: false, errors);
        FieldChecks.Name(CohortField, request.Cohort, "cohort", errors);
        FieldChecks.Amount("weight", request.Weight, positive: true, errors);
        return errors;
    }

    /// <summary>Applies a checked request to the stored tenant: given maps replace, an absent cohort is kept.</summary>
    public static TenantRecord Apply(TenantRecord tenant, TenantPolicyRequest request, bool cohortGiven) => new()
    {
        Name = tenant.Name,
        CreatedAt = tenant.CreatedAt,
        Nominal = request.Nominal is null ? tenant.Nominal : JsonSerializer.Serialize(request.Nominal),
        BorrowingLimit = request.BorrowingLimit is null ? tenant.BorrowingLimit : JsonSerializer.Serialize(request.BorrowingLimit),
        Cohort = cohortGiven ? request.Cohort : tenant.Cohort,
        Weight = request.Weight ?? tenant.Weight,
    };
}
