namespace OnePool.Core.Importers;

/// <summary>The kinds of job file <c>onepool submit</c>, <c>convert</c> and <c>validate</c> take (docs/importers.md).</summary>
public enum JobFileFormat
{
    /// <summary>A OnePool job spec, YAML or JSON (docs/jobspec.md).</summary>
    OnePool,

    /// <summary>A Slurm batch script with <c>#SBATCH</c> directives.</summary>
    Sbatch,

    /// <summary>A SkyPilot task YAML (<c>resources</c>, <c>num_nodes</c>, <c>setup</c>, <c>run</c>, ...).</summary>
    SkyPilot,

    /// <summary>A Kubeflow training-operator <c>PyTorchJob</c> (<c>kubeflow.org/v1</c>).</summary>
    PyTorchJob,

    /// <summary>A Volcano <c>Job</c> (<c>batch.volcano.sh/v1alpha1</c>).</summary>
    VolcanoJob,

    /// <summary>Another Kubernetes object (<c>apiVersion</c> and <c>kind</c>), which OnePool does not import.</summary>
    OtherKubernetes,
}
