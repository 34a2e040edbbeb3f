using OnePool.Core.Importers.Kubernetes;
using OnePool.Core.Importers.SkyPilot;
using OnePool.Core.Importers.Slurm;

namespace OnePool.Core.Importers;

/// <summary>Imports a foreign job file of a format <see cref="JobFileDetector"/> found. A OnePool spec is not an
/// import: read it with <see cref="Specs.JobSpecReader"/>.</summary>
public static class JobFileImporter
{
    /// <summary>What people call each format in messages.</summary>
    public static string Describe(JobFileFormat format) => format switch
    {
        JobFileFormat.OnePool => "OnePool job spec",
        JobFileFormat.Sbatch => "Slurm batch script",
        JobFileFormat.SkyPilot => "SkyPilot task",
        JobFileFormat.PyTorchJob => "Kubeflow PyTorchJob",
        JobFileFormat.VolcanoJob => "Volcano Job",
        _ => "Kubernetes object",
    };

    /// <summary>Imports <paramref name="text"/> as <paramref name="format"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="format"/> is <see cref="JobFileFormat.OnePool"/>.</exception>
    public static ImportResult Import(JobFileFormat format, string text, ImportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        options ??= new ImportOptions();
        return format switch
        {
            JobFileFormat.Sbatch => SbatchImporter.Import(text, options.FileName),
            JobFileFormat.SkyPilot => SkyPilotImporter.Import(text, options),
            JobFileFormat.PyTorchJob => PyTorchJobImporter.Import(text, options),
            JobFileFormat.VolcanoJob => VolcanoJobImporter.Import(text, options),
            JobFileFormat.OtherKubernetes => OtherKubernetes(text),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "A OnePool spec is read, not imported."),
        };
    }

    private static ImportResult OtherKubernetes(string text)
    {
        var (import, failure) = YamlImport.Open(text, "Kubernetes object");
        return failure ?? YamlImport.Refused(import!.Document.LineOf("kind"), "kind",
            "this Kubernetes object is not a job OnePool imports: it takes Kubeflow PyTorchJob (kubeflow.org) and Volcano Job (batch.volcano.sh)");
    }
}
