using OnePool.Core.Importers;
using Shouldly;
using Xunit;

namespace OnePool.Core.Tests.Importers;

public sealed class BatchScriptDetectorTests
{
    [Theory]
    [InlineData("name: x\nrun: echo\n", "train.slurm")]
    [InlineData("name: x\nrun: echo\n", "TRAIN.SBATCH")]
    [InlineData("#!/bin/bash\necho hi\n", "job.yaml")]
    [InlineData("#!/bin/bash\necho hi\n", null)]
    [InlineData("# comment\n\n#SBATCH --nodes=1\necho\n", "run.sh")]
    [InlineData("\uFEFF#!/bin/bash\n", "run.sh")]
    public void IsBatchScript_ScriptsByNameShebangOrDirective_AreScripts(string text, string? file)
    {
        BatchScriptDetector.IsBatchScript(text, file).ShouldBeTrue();
    }

    [Theory]
    [InlineData("name: x\nrun: echo\n", "job.yaml")]
    [InlineData("{\"command\": [\"true\"]}", null)]
    [InlineData("# a spec\nname: x\n#SBATCH --nodes=1\n", "job.yaml")]
    [InlineData("echo hi\n#SBATCH --nodes=1\n", "run.sh")]
    [InlineData("", "run.sh")]
    public void IsBatchScript_SpecsAndLateDirectives_AreNotScripts(string text, string? file)
    {
        BatchScriptDetector.IsBatchScript(text, file).ShouldBeFalse();
    }
}
