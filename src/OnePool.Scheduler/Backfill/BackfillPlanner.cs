using OnePool.Core.Specs;
using OnePool.Scheduler.Cycle;
using OnePool.Scheduler.Heterogeneity;
using OnePool.Scheduler.Packing;

namespace OnePool.Scheduler.Backfill;

/// <summary>
/// EASY backfill: the first job of the cycle that waits for resources gets a reservation at the earliest time its
/// room frees up (running work ends at the latest at start + max runtime). The nodes it would use are reserved
/// from then on: later jobs may use them only if their own max runtime ends before the reservation starts, so a
/// stream of small jobs cannot starve a large gang.
/// </summary>
internal sealed class BackfillPlanner(CycleState state, GangPlacer placer)
{
    private const int CandidatesTried = 3;
    private const int PlacementsTried = 64;

    /// <summary>Makes the cycle's reservation for <paramref name="job"/>; returns where and from when, or null when
    /// no end of running work with a known runtime frees enough room.</summary>
    public (string Site, DateTimeOffset Start, int Nodes)? Reserve(JobRequirements job, List<Candidate> ranked, IReadOnlyDictionary<int, List<Holding>> holdingsBySite)
    {
        (Candidate Candidate, DateTimeOffset Start, List<NodeState> Nodes)? best = null;
        foreach (var c in ranked.Take(CandidatesTried))
        {
            if (!holdingsBySite.TryGetValue(c.Site.Index, out var holdings))
            {
                continue;
            }

            var ending = holdings.Where(h => h.End is not null).OrderBy(h => h.End).ToList();
            var released = new List<Holding>();
            DateTimeOffset? start = null;
            List<NodeState>? nodes = null;
            var tries = 0;
            foreach (var h in ending)
            {
                h.Release(placer);
                released.Add(h);
                if (!CandidateRanker.Plausible(c, job) || ++tries > PlacementsTried)
                {
                    continue;
                }

                var trial = placer.TryPlace(c.Site, job, c.Model, c.Count, end: null, whatIf: true);
                if (trial is not null)
                {
                    foreach (var (node, devices) in trial)
                    {
                        placer.Give(node, job, c.Model, devices);
                    }

                    start = h.End;
                    nodes = trial.Select(t => t.Node).Distinct().ToList();
                    break;
                }
            }

            for (var i = released.Count - 1; i >= 0; i--)
            {
                released[i].Retake(placer);
            }

            if (start is { } s && (best is null || s < best.Value.Start))
            {
                best = (c, s, nodes!);
            }
        }

        if (best is not { } chosen)
        {
            return null;
        }

        foreach (var node in chosen.Nodes)
        {
            node.ReservedUntil = chosen.Start;
        }

        state.Reservation = chosen.Start;
        return (chosen.Candidate.Site.Name, chosen.Start, chosen.Nodes.Count);
    }
}
