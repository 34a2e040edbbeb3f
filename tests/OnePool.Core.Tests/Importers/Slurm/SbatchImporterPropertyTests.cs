using System.Diagnostics;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using OnePool.Core.Importers.Slurm;
using OnePool.Core.Specs;

namespace OnePool.Core.Tests.Importers.Slurm;

/// <summary>Random and hostile input: the importer never throws, answers within a second, and gives exactly one of
/// a valid job or at least one located error.</summary>
public sealed class SbatchImporterPropertyTests
{
    private static readonly string[] Options =
    [
        "--nodes=", "-N", "--ntasks=", "--ntasks-per-node=", "--cpus-per-task=", "--gres=gpu:", "--gres=gpu:a100:", "--gpus=",
        "--gpus-per-task=", "--gpus-per-node=", "--mem=", "--mem-per-cpu=", "--mem-per-gpu=", "--time=", "-t", "--array=",
        "--signal=", "--job-name=", "--constraint=", "--export=", "--chdir=", "--exclusive", "--err", "--gpu", "-", "--", "#",
    ];

    private static readonly string[] Values =
    [
        "", "0", "1", "8", "-1", "99999999999", "99999999999999999999999999", "1-72%8", "0-15:4", "1,3,5", "B:USR1@60",
        "3-00:00:00", "UNLIMITED", "16G", "0", "<account>", "${VAR}", "a100|h100", "\"unclosed", "%x-%j", "\0", "\uD800", "é",
        "1:2:3:4:5", "gpu:h100:8(S:0)", "4000000", "A=B,C", "/abs",
    ];

    [Property(MaxTest = 500)]
    public bool Import_AnyText_NeverThrowsAndGivesAJobOrAnError(string? text) => Holds(text ?? "");

    [Property(MaxTest = 500)]
    public bool Import_RandomDirectives_NeverThrowAndGiveAJobOrAnError(NonNegativeInt[] picks, bool shebang)
    {
        var text = new StringBuilder(shebang ? "#!/bin/bash\n" : "");
        for (var i = 0; i + 1 < picks.Length; i += 2)
        {
            text.Append("#SBATCH ").Append(Options[picks[i].Get % Options.Length]).Append(Values[picks[i + 1].Get % Values.Length]);
            text.Append(picks[i].Get % 3 == 0 ? " " : "\n");
        }

        return Holds(text.Append("\necho done\n").ToString());
    }

    [Property(MaxTest = 20)]
    public Property Import_HostileShapes_NeverThrowAndAnswerFast() =>
        Prop.ForAll(Gen.Elements(HostileScripts()).ToArbitrary(), Holds);

    private static IEnumerable<string> HostileScripts()
    {
        yield return "#!/bin/bash\n#SBATCH " + new string('x', 300_000);
        yield return "#!/bin/bash\n#SBATCH --job-name=" + new string('a', 200_000) + "\necho\n";
        yield return "#!/bin/bash\n" + string.Concat(Enumerable.Repeat("#SBATCH --nodes=2 --gres=gpu:8 --time=1\n", 6000));
        yield return "#!/bin/bash\n" + string.Concat(Enumerable.Repeat("#SBATCH --array=0-999%1\n", 6000));
        yield return "#!/bin/bash\n#SBATCH --nodes=99999999999 --mem=99999999999T --gpus=99999999999 --time=999999999-0\n";
        yield return "#!/bin/bash\n#SBATCH --job-name=\0\n";
        yield return "#!/bin/bash\n#SBATCH --job-name=\uD800\uDFFF\uFFFE\n";
        yield return "#!/bin/bash\n" + string.Concat(Enumerable.Repeat("srun $SLURM_X$1 ", 20_000)) + "\n";
        yield return "#!/bin/bash\n#SBATCH " + string.Concat(Enumerable.Repeat("\"", 50_001)) + "\n";
        yield return new string('\n', 250_000);
    }

    private static bool Holds(string text)
    {
        var clock = Stopwatch.StartNew();
        var result = SbatchImporter.Import(text, "fuzz.sbatch");
        var fast = clock.Elapsed < TimeSpan.FromSeconds(1);
        var valid = result.Succeeded
            ? result.Errors.Count == 0 && JobSpecValidator.Validate(result.Spec!).Errors.Count == 0
            : result.Errors.Count > 0 && result.Errors.All(e => e.Message.Length > 0);
        return fast && valid && result.Notes.All(n => Enum.IsDefined(n.Kind));
    }
}
