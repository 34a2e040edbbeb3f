using OnePool.Core.Importers;
using OnePool.Core.Importers.Slurm;
using OnePool.Core.Specs;
using Shouldly;
using Xunit;

namespace OnePool.Core.Tests.Importers;

public sealed class JobArrayTests
{
    [Fact]
    public void Expand_EachIndex_GetsItsOwnJobWithTheSlurmArrayVariables()
    {
        SlurmArray.TryParse("0-15:4", out var array, out _).ShouldBeTrue();
        var template = new JobSpec { Name = "sweep", Run = "echo $SLURM_ARRAY_TASK_ID", Env = new Dictionary<string, string> { ["A"] = "1" } };

        var jobs = array!.Expand(template);

        jobs.Select(j => j.Env!["SLURM_ARRAY_TASK_ID"]).ShouldBe(["0", "4", "8", "12"]);
        jobs.Select(j => j.Name).ShouldBe(["sweep-0", "sweep-4", "sweep-8", "sweep-12"]);
        jobs.ShouldAllBe(j => j.Env!["A"] == "1" && j.Env["SLURM_ARRAY_TASK_COUNT"] == "4"
            && j.Env["SLURM_ARRAY_TASK_MIN"] == "0" && j.Env["SLURM_ARRAY_TASK_MAX"] == "12");
        jobs.Select(j => j.Labels![JobArray.IndexLabel]).ShouldBe(["0", "4", "8", "12"]);
    }

    [Fact]
    public void Expand_LeavesTheTemplateUnchangedAndEveryJobValid()
    {
        SlurmArray.TryParse("1,3,5", out var array, out _).ShouldBeTrue();
        var template = new JobSpec { Name = new string('n', 100), Run = "true" };

        var jobs = array!.Expand(template);

        template.Env.ShouldBeNull();
        template.Name.Length.ShouldBe(100);
        jobs.ShouldAllBe(j => JobSpecValidator.Validate(j).Errors.Count == 0);
    }
}
