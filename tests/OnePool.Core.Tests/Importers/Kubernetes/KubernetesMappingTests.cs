using OnePool.Core.Importers;
using OnePool.Core.Importers.Kubernetes;
using Shouldly;
using Xunit;

namespace OnePool.Core.Tests.Importers.Kubernetes;

public sealed class KubernetesMappingTests
{
    private const string Pod = "{spec: {containers: [{name: c, image: i, command: [python, train.py], resources: {limits: {nvidia.com/gpu: 2, cpu: 8, memory: 64Gi}}}]}}";

    public sealed class APyTorchJob
    {
        [Fact]
        public void Import_MasterAndWorkers_AreOneGangMasterFirst()
        {
            var result = PyTorchJobImporter.Import(Job($"Worker: {{replicas: 3, template: {Pod}}}\n    Master: {{replicas: 1, template: {Pod}}}"));

            var spec = result.Spec!;
            (spec.Replicas, spec.Resources!.Cpu, spec.Resources.Memory, spec.Resources.Accelerators![2]).ShouldBe((4, "8", "64Gi", "H100:2"));
            spec.Run!.ShouldEndWith("exec python train.py\n");
        }

        [Fact]
        public void Import_ProductNodeSelector_NamesTheModel()
        {
            var pod = Pod.Replace("{spec: {", "{spec: {nodeSelector: {nvidia.com/gpu.product: NVIDIA-A100-SXM4-80GB}, ", StringComparison.Ordinal);

            var result = PyTorchJobImporter.Import(Job($"Worker: {{replicas: 2, template: {pod}}}"));

            result.Spec!.Resources!.Accelerators.ShouldBe(["A100-80G:2"]);
        }

        [Fact]
        public void Import_BackoffLimit_IsRetries()
        {
            var result = PyTorchJobImporter.Import(Job($"Worker: {{replicas: 1, restartPolicy: OnFailure, template: {Pod}}}") + "  runPolicy: {backoffLimit: 4}\n");

            result.Spec!.Retries.ShouldBe(4);
        }

        [Fact]
        public void Import_ElasticRangeThatExcludesTheReplicas_IsAnError()
        {
            var result = PyTorchJobImporter.Import(Job($"Worker: {{replicas: 5, template: {Pod}}}") + "  elasticPolicy: {minReplicas: 1, maxReplicas: 3}\n");

            result.Errors.ShouldHaveSingleItem().Directive.ShouldBe("spec.elasticPolicy");
        }

        [Fact]
        public void Import_UnknownReplicaType_IsAnError()
        {
            var result = PyTorchJobImporter.Import(Job($"Chief: {{replicas: 1, template: {Pod}}}"));

            result.Errors.ShouldHaveSingleItem().ShouldSatisfyAllConditions(e => e.Line.ShouldBe(6), e => e.Directive.ShouldBe("spec.pytorchReplicaSpecs.Chief"));
        }

        [Fact]
        public void Import_NegativeCpu_IsALocatedError()
        {
            var result = PyTorchJobImporter.Import(Job($"Worker: {{replicas: 1, template: {Pod.Replace("cpu: 8", "cpu: -8", StringComparison.Ordinal)}}}"));

            result.Errors.ShouldHaveSingleItem().Directive.ShouldEndWith("resources.limits.cpu");
        }

        private static string Job(string roles) =>
            $"apiVersion: kubeflow.org/v1\nkind: PyTorchJob\nmetadata: {{name: t}}\nspec:\n  pytorchReplicaSpecs:\n    {roles}\n";
    }

    public sealed class AVolcanoJob
    {
        [Fact]
        public void Import_TasksWithDifferentCommands_RunEachByReplicaIndex()
        {
            var result = VolcanoJobImporter.Import("""
                apiVersion: batch.volcano.sh/v1alpha1
                kind: Job
                spec:
                  minAvailable: 3
                  plugins: {env: []}
                  tasks:
                    - {name: head, replicas: 1, template: {spec: {containers: [{command: [sh, -c, echo head]}]}}}
                    - {name: worker, replicas: 2, template: {spec: {containers: [{command: [sh, -c, echo worker], env: [{name: ROLE, value: w}]}]}}}
                """);

            var run = result.Spec!.Run!;
            result.Spec.Replicas.ShouldBe(3);
            run.ShouldContain("if [ \"$_onepool_index\" -lt 1 ]; then\n# head: replicas 0 to 0\nexport VK_TASK_INDEX=$(( _onepool_index - 0 ))");
            run.ShouldContain("elif [ \"$_onepool_index\" -lt 3 ]; then\n# worker: replicas 1 to 2\nexport VK_TASK_INDEX=$(( _onepool_index - 1 )) VC_TASK_INDEX=$(( _onepool_index - 1 ))\nexport ROLE=w\necho worker\nfi\n");
        }

        [Fact]
        public void Import_MinAvailableAboveThePods_IsAnError()
        {
            var result = VolcanoJobImporter.Import("apiVersion: batch.volcano.sh/v1alpha1\nkind: Job\nspec:\n  minAvailable: 5\n  tasks:\n    - {replicas: 2, template: {spec: {containers: [{command: [x]}]}}}\n");

            result.Errors.ShouldHaveSingleItem().ShouldSatisfyAllConditions(e => e.Line.ShouldBe(4), e => e.Directive.ShouldBe("spec.minAvailable"));
        }

        [Fact]
        public void Import_TooManyPods_IsAnError()
        {
            var result = VolcanoJobImporter.Import("apiVersion: batch.volcano.sh/v1alpha1\nkind: Job\nspec:\n  tasks:\n    - {replicas: 1000, template: {spec: {containers: [{command: [x]}]}}}\n    - {replicas: 1000, template: {spec: {containers: [{command: [x]}]}}}\n");

            result.Errors.ShouldHaveSingleItem().Message.ShouldContain("2000 pods");
        }
    }

    public sealed class TheDetector
    {
        [Theory]
        [InlineData("apiVersion: kubeflow.org/v1\nkind: PyTorchJob\nspec: {}\n", JobFileFormat.PyTorchJob)]
        [InlineData("apiVersion: batch.volcano.sh/v1alpha1\nkind: Job\nspec: {}\n", JobFileFormat.VolcanoJob)]
        [InlineData("apiVersion: batch/v1\nkind: Job\nspec: {}\n", JobFileFormat.OtherKubernetes)]
        [InlineData("num_nodes: 2\nrun: echo\n", JobFileFormat.SkyPilot)]
        [InlineData("resources: {cpus: 4+}\nrun: echo\n", JobFileFormat.SkyPilot)]
        [InlineData("resources: {accelerators: {H100: 8}}\nrun: echo\n", JobFileFormat.SkyPilot)]
        [InlineData("replicas: 2\nresources: {accelerators: H100:8}\nrun: echo\n", JobFileFormat.OnePool)]
        [InlineData("{\"run\": \"echo\"}", JobFileFormat.OnePool)]
        [InlineData("#!/bin/bash\necho\n", JobFileFormat.Sbatch)]
        [InlineData("name: x\nsetup: |\n  a\n4\n", JobFileFormat.SkyPilot)]
        [InlineData("kind: PyTorchJob\napiVersion: kubeflow.org/v1\n: [\n", JobFileFormat.PyTorchJob)]
        public void Detect_Text_FindsItsFormat(string text, JobFileFormat format)
        {
            JobFileDetector.Detect(text, null).ShouldBe(format);
        }
    }
}
