using System.Net;
using OnePool.Cli.Client;
using Shouldly;

namespace OnePool.Cli.Tests.Client;

public sealed class ProblemDocumentTests
{
    [Fact]
    public void Describe_BadRequestWithFieldErrors_IsTitleThenFieldMessages()
    {
        const string body = """
            {"type":"https://onepool.dev/problems/invalid-spec","title":"invalid job spec","status":400,
             "errors":{"resources.memory":["'12Q' is not a memory size; write e.g. 512Mi, 16Gi or 8GB"],"replicas":["must be between 1 and 1024"]}}
            """;

        ProblemDocument.Describe(HttpStatusCode.BadRequest, body).ShouldBe(
            "invalid job spec: resources.memory: '12Q' is not a memory size; write e.g. 512Mi, 16Gi or 8GB; replicas: must be between 1 and 1024");
    }

    [Fact]
    public void Describe_DetailAndErrors_KeepsBoth() =>
        ProblemDocument.Describe(HttpStatusCode.BadRequest, """{"title":"invalid job spec","detail":"1 field is wrong","errors":{"name":["too long"]}}""")
            .ShouldBe("invalid job spec: 1 field is wrong: name: too long");

    [Fact]
    public void Describe_Unauthorized_GivesTokenAdviceWhateverTheBody() =>
        ProblemDocument.Describe(HttpStatusCode.Unauthorized, """{"title":"Unauthorized","status":401}""")
            .ShouldBe("the broker refused the token (401): check ONEPOOL_TOKEN or run `onepool login`");

    [Fact]
    public void Describe_NotFoundWithDetail_IsTitleColonDetail() =>
        ProblemDocument.Describe(HttpStatusCode.NotFound, """{"title":"job not found","status":404,"detail":"there is no job 99"}""")
            .ShouldBe("job not found: there is no job 99");

    [Fact]
    public void Describe_MultiLineDetail_StaysOnOneLine() =>
        ProblemDocument.Describe(HttpStatusCode.Conflict, "{\"title\":\"site exists\",\"detail\":\"site edge\\nexists already\"}")
            .ShouldBe("site exists: site edge exists already");

    [Fact]
    public void Describe_HtmlErrorPage_QuotesItBrieflyWithTheStatus() =>
        ProblemDocument.Describe(HttpStatusCode.BadGateway, "<html>\n<body>bad gateway</body>\n</html>")
            .ShouldBe("the broker answered 502 Bad Gateway: <html> <body>bad gateway</body> </html>");

    [Fact]
    public void Describe_EmptyBody_NamesTheStatus() =>
        ProblemDocument.Describe(HttpStatusCode.Forbidden, "").ShouldBe("the broker answered 403 Forbidden");

    [Fact]
    public void Describe_BrokenJson_IsTreatedAsText() =>
        ProblemDocument.Describe(HttpStatusCode.InternalServerError, "{\"title\":").ShouldBe("the broker answered 500 Internal Server Error: {\"title\":");
}
