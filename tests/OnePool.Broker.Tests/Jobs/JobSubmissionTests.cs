using System.Net;
using System.Net.Http.Json;
using System.Text;
using OnePool.Contracts.Jobs;
using Shouldly;
using Xunit;

namespace OnePool.Broker.Tests.Jobs;

public sealed class JobSubmissionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Submit_ValidYaml_IsAcknowledgedPendingWithAnId()
    {
        await using var broker = await BrokerFixture.StartAsync(Ct);

        var response = await broker.Admin.PostAsync("/v1/jobs", Yaml("name: hello\nrun: echo hi\n"), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var body = (await response.Content.ReadFromJsonAsync<SubmitJobResponse>(BrokerFixture.Json, Ct))!;
        body.State.ShouldBe("pending");
        var job = await broker.Admin.GetFromJsonAsync<JobDetail>($"/v1/jobs/{body.Id}", BrokerFixture.Json, Ct);
        job!.Job.Tenant.ShouldBe("default");
        job.Events.ShouldContain(e => e.Type == "submitted");
    }

    [Fact]
    public async Task Submit_BodyLargerThanTheLimit_Is400NamingTheBody()
    {
        await using var broker = await BrokerFixture.StartAsync(Ct);
        var huge = "name: big\nrun: echo " + new string('x', Core.Specs.JobSpecReader.MaxDocumentLength) + "\n";

        var response = await broker.Admin.PostAsync("/v1/jobs", Yaml(huge), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync(Ct)).ShouldContain("the job spec is larger than 1024 KiB");
    }

    [Fact]
    public async Task Submit_Utf8WithAByteOrderMarkAndNonAscii_IsReadAsText()
    {
        await using var broker = await BrokerFixture.StartAsync(Ct);
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("name: bom\nrun: echo größe 😀\n")).ToArray();

        var response = await broker.Admin.PostAsync("/v1/jobs", new ByteArrayContent(bytes), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var id = (await response.Content.ReadFromJsonAsync<SubmitJobResponse>(BrokerFixture.Json, Ct))!.Id;
        (await broker.Admin.GetFromJsonAsync<JobDetail>($"/v1/jobs/{id}", BrokerFixture.Json, Ct))!.Spec.Run.ShouldBe("echo größe 😀");
    }

    [Theory]
    [InlineData("", "body")]
    [InlineData("[1,2]", "body")]
    [InlineData("name: x\n", "command")]
    [InlineData("run: x\nresources: {memory: 12Q}\n", "resources.memory")]
    [InlineData("run: x\nresources: {accelerators: 'A100:-1'}\n", "resources.accelerators")]
    [InlineData("run: x\nreplicas: 0\n", "replicas")]
    [InlineData("run: x\nreplicas: 1.5\n", "replicas")]
    [InlineData("run: x\nbogus: 1\n", "bogus")]
    [InlineData("{\"run\": \"x\", \"priority\": \"high\"}", "priority")]
    [InlineData("{\"run\": ", "body")]
    [InlineData("run: x\nenv: {1BAD: y}\n", "env.1BAD")]
    [InlineData("run: x\ntenant: nobody\n", "tenant")]
    [InlineData("run: x\nmaxRuntime: forever\n", "maxRuntime")]
    [InlineData(": [\na", "body")]
    public async Task Submit_MalformedSpec_Is400ProblemNamingTheField(string body, string field)
    {
        await using var broker = await BrokerFixture.StartAsync(Ct);

        var response = await broker.Admin.PostAsync("/v1/jobs", Yaml(body), Ct);

        var problem = await response.ShouldBeProblemAsync(400, Ct);
        problem.Fields().ShouldContain(field);
        (await broker.Admin.GetFromJsonAsync<JobList>("/v1/jobs", BrokerFixture.Json, Ct))!.Jobs.ShouldBeEmpty();
    }

    [Fact]
    public async Task Submit_BinaryGarbage_Is400NotA500()
    {
        await using var broker = await BrokerFixture.StartAsync(Ct);
        var bytes = Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919 % 256)).ToArray();

        var response = await broker.Admin.PostAsync("/v1/jobs", new ByteArrayContent(bytes), Ct);

        await response.ShouldBeProblemAsync(400, Ct);
    }

    [Fact]
    public async Task Submit_SameIdempotencyKeyTwice_MakesOneJob()
    {
        await using var broker = await BrokerFixture.StartAsync(Ct);

        var first = await SubmitWithKeyAsync(broker.Admin, "retry-1");
        var second = await SubmitWithKeyAsync(broker.Admin, "retry-1");

        second.Id.ShouldBe(first.Id);
        second.Duplicate.ShouldBeTrue();
        (await broker.Admin.GetFromJsonAsync<JobList>("/v1/jobs", BrokerFixture.Json, Ct))!.Jobs.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Submit_WithoutToken_Is401Problem()
    {
        await using var broker = await BrokerFixture.StartAsync(Ct);

        var response = await broker.Anonymous.PostAsync("/v1/jobs", Yaml("run: x\n"), Ct);

        await response.ShouldBeProblemAsync(401, Ct);
    }

    [Fact]
    public async Task Cancel_PendingJob_CancelsIt_AndASecondCancelIsAConflict()
    {
        await using var broker = await BrokerFixture.StartAsync(Ct);
        var id = (await SubmitWithKeyAsync(broker.Admin, "c1")).Id;

        var response = await broker.Admin.PostAsync($"/v1/jobs/{id}/cancel", null, Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await response.Content.ReadFromJsonAsync<JobSummary>(BrokerFixture.Json, Ct))!.State.ShouldBe("cancelled");
        await (await broker.Admin.PostAsync($"/v1/jobs/{id}/cancel", null, Ct)).ShouldBeProblemAsync(409, Ct);
    }

    [Fact]
    public async Task Get_UnknownJob_Is404Problem()
    {
        await using var broker = await BrokerFixture.StartAsync(Ct);

        await (await broker.Admin.GetAsync("/v1/jobs/999", Ct)).ShouldBeProblemAsync(404, Ct);
    }

    [Fact]
    public async Task List_BadStateFilter_Is400NamingState()
    {
        await using var broker = await BrokerFixture.StartAsync(Ct);

        var problem = await (await broker.Admin.GetAsync("/v1/jobs?state=sleeping", Ct)).ShouldBeProblemAsync(400, Ct);

        problem.Fields().ShouldContain("state");
    }

    private static async Task<SubmitJobResponse> SubmitWithKeyAsync(HttpClient client, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/jobs") { Content = Yaml("run: echo\n") };
        request.Headers.Add("Idempotency-Key", key);
        var response = await client.SendAsync(request, Ct);
        response.IsSuccessStatusCode.ShouldBeTrue();
        return (await response.Content.ReadFromJsonAsync<SubmitJobResponse>(BrokerFixture.Json, Ct))!;
    }

    private static StringContent Yaml(string text) => new(text, Encoding.UTF8, "application/yaml");
}
