using Google.OrTools.LinearSolver;

namespace OnePool.Simulator.Policies;

/// <summary>Jobs that are interchangeable in the allocation problem: the same speed on every node group and the
/// same gang size.</summary>
/// <param name="Speeds">Speed on each node group (V100 = 1); 0 where the gang can never run.</param>
/// <param name="Gpus">Accelerators the job holds while it runs.</param>
/// <param name="Count">Jobs in the class (at least 1).</param>
internal sealed record JobClass(double[] Speeds, int Gpus, int Count);

/// <summary>
/// Gavel's heterogeneity-aware max-min fairness (Narayanan et al., OSDI'20, section 4.1, the LAS policy) as a linear
/// program. A job's allocation <c>x[g]</c> is the fraction of time it runs (its whole gang) on node group g; its
/// effective throughput is <c>sum_g speed[g] x[g]</c>, normalised by what it gets from an equal share of the pool:
/// <c>speed_eq = sum_g speed[g] C_g / C</c> (Gavel's <c>X^equal</c>: every job a 1/n share of each type, rows scaled to
/// one). Maximise <c>t</c> subject to: every job's normalised throughput at least <c>t</c>; <c>sum_g x[g] &lt;= 1</c>;
/// every group's <c>sum_jobs gpus x[g] &lt;= C_g</c>. A second solve keeps <c>t</c> and maximises the sum of normalised
/// throughputs, so capacity the minimum does not need is not left unallocated (single-level max-min has many optima).
/// </summary>
/// <remarks>
/// Solved over <see cref="JobClass"/>es, not jobs: averaging any optimum over the jobs of a class is feasible and
/// equally good for both objectives, so a symmetric optimum exists, and the LP has one row per class (at most job
/// types x gang sizes) whatever the queue length. One node group needs no solver: every job's normalised throughput
/// is its share, so the optimum is the equal share <c>min(1, C / sum gpus)</c>.
/// </remarks>
internal static class MaxMinAllocation
{
    /// <summary>Per class and group, the fraction of time each of its jobs runs there.</summary>
    /// <param name="classes">The active jobs, by class.</param>
    /// <param name="capacity">Accelerators in each node group (healthy ones).</param>
    public static double[][] Solve(IReadOnlyList<JobClass> classes, IReadOnlyList<double> capacity)
    {
        ArgumentNullException.ThrowIfNull(classes);
        ArgumentNullException.ThrowIfNull(capacity);
        var shares = classes.Select(_ => new double[capacity.Count]).ToArray();
        var total = capacity.Sum();
        var ratios = classes.Select(c => Normalised(c, capacity, total)).ToArray();
        if (capacity.Count == 1)
        {
            var demand = classes.Where((c, k) => ratios[k] is not null).Sum(c => (double)c.Gpus * c.Count);
            var equal = demand > 0 ? Math.Min(1, capacity[0] / demand) : 0;
            for (var k = 0; k < classes.Count; k++)
            {
                shares[k][0] = ratios[k] is null ? 0 : equal;
            }

            return shares;
        }

        if (ratios.All(r => r is null))
        {
            return shares;
        }

        using var solver = Solver.CreateSolver("GLOP") ?? throw new InvalidOperationException("OrTools has no GLOP solver");
        var t = solver.MakeNumVar(0, double.PositiveInfinity, "t");
        var x = new Variable?[classes.Count, capacity.Count];
        var groups = capacity.Select((c, g) => solver.MakeConstraint(double.NegativeInfinity, c, $"cap{g}")).ToArray();
        var objective = solver.Objective();
        for (var k = 0; k < classes.Count; k++)
        {
            if (ratios[k] is not { } r)
            {
                continue;
            }

            var time = solver.MakeConstraint(double.NegativeInfinity, 1, $"time{k}");
            var fair = solver.MakeConstraint(0, double.PositiveInfinity, $"fair{k}");
            fair.SetCoefficient(t, -1);
            for (var g = 0; g < capacity.Count; g++)
            {
                if (r[g] > 0)
                {
                    var v = solver.MakeNumVar(0, 1, $"x{k}_{g}");
                    x[k, g] = v;
                    time.SetCoefficient(v, 1);
                    fair.SetCoefficient(v, r[g]);
                    groups[g].SetCoefficient(v, (double)classes[k].Gpus * classes[k].Count);
                }
            }
        }

        objective.SetCoefficient(t, 1);
        objective.SetMaximization();
        Check(solver.Solve(), "max-min");

        // Keep the minimum (less a rounding margin) and spend what is left on total normalised throughput.
        t.SetLb(t.SolutionValue() * (1 - 1e-9));
        objective.SetCoefficient(t, 0);
        for (var k = 0; k < classes.Count; k++)
        {
            for (var g = 0; g < capacity.Count; g++)
            {
                if (x[k, g] is { } v)
                {
                    objective.SetCoefficient(v, ratios[k]![g] * classes[k].Count);
                }
            }
        }

        Check(solver.Solve(), "throughput");
        for (var k = 0; k < classes.Count; k++)
        {
            for (var g = 0; g < capacity.Count; g++)
            {
                shares[k][g] = x[k, g] is { } v ? Clean(v.SolutionValue()) : 0;
            }
        }

        return shares;
    }

    /// <summary>speed[g] / speed_eq for each group, or null when the class can run on no healthy group.</summary>
    private static double[]? Normalised(JobClass c, IReadOnlyList<double> capacity, double total)
    {
        var equal = 0.0;
        for (var g = 0; g < capacity.Count; g++)
        {
            equal += c.Speeds[g] * capacity[g];
        }

        if (equal <= 0 || total <= 0)
        {
            return null;
        }

        equal /= total;
        return [.. c.Speeds.Select((s, g) => capacity[g] > 0 ? s / equal : 0)];
    }

    // The simplex leaves round-off around its vertex; a share of 1e-12 would still make a (job, group) pair a
    // candidate for a round.
    private static double Clean(double share) => share < 1e-9 ? 0 : Math.Min(1, share);

    private static void Check(Solver.ResultStatus status, string stage)
    {
        if (status != Solver.ResultStatus.OPTIMAL)
        {
            throw new InvalidOperationException($"the {stage} LP ended {status}, not OPTIMAL");
        }
    }
}
