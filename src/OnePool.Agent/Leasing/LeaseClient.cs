using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using OnePool.Contracts.Agents;

namespace OnePool.Agent.Leasing;

/// <summary>Sends <c>POST /v1/agents/lease</c> with the site token and sorts the outcome into a <see cref="LeaseResult"/>.</summary>
internal sealed class LeaseClient(HttpClient http, Uri brokerUrl, string token, TimeProvider time)
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private readonly Uri _leaseUri = new(brokerUrl.ToString().TrimEnd('/') + "/v1/agents/lease");

    /// <summary>Sends <paramref name="request"/>; gives up after <paramref name="timeout"/> (reported as unreachable).
    /// Throws <see cref="OperationCanceledException"/> only when <paramref name="cancellationToken"/> fires.</summary>
    public async Task<LeaseResult> LeaseAsync(LeaseRequest request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timer = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, cancellationToken);
        try
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, _leaseUri)
            {
                Content = JsonContent.Create(request, options: JsonOptions),
            };
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadFromJsonAsync<LeaseResponse>(JsonOptions, linked.Token);
                return body is null
                    ? new LeaseResult.Rejected(status, "the broker answered with an empty body")
                    : new LeaseResult.Ok(body);
            }

            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                return new LeaseResult.Refused(status);
            }

            if (status >= 500)
            {
                return new LeaseResult.Unreachable(string.Create(CultureInfo.InvariantCulture, $"HTTP {status} {response.ReasonPhrase}"));
            }

            return new LeaseResult.Rejected(status, await ReadProblemAsync(response, linked.Token));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new LeaseResult.Unreachable(string.Create(CultureInfo.InvariantCulture, $"no answer within {timeout.TotalSeconds:0} s"));
        }
        catch (HttpRequestException e)
        {
            var refused = e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused };
            return new LeaseResult.Unreachable(Describe(e), refused);
        }
        catch (JsonException e)
        {
            return new LeaseResult.Rejected(200, "the broker's answer is not a lease response: " + e.Message);
        }
    }

    private static async Task<string> ReadProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            var title = doc.RootElement.TryGetProperty("title", out var t) ? t.GetString() : null;
            var detail = doc.RootElement.TryGetProperty("detail", out var d) ? d.GetString() : null;
            var text = string.Join(": ", new[] { title, detail }.Where(s => !string.IsNullOrEmpty(s)));
            if (text.Length > 0)
            {
                return text;
            }
        }
        catch (JsonException)
        {
            // Not problem+json; fall back to the status line.
        }

        return string.Create(CultureInfo.InvariantCulture, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
    }

    private static string Describe(HttpRequestException e)
    {
        Exception inner = e;
        while (inner.InnerException is not null && inner is not SocketException)
        {
            inner = inner.InnerException;
        }

        var text = inner.Message.TrimEnd('.');
        return text.Length > 1 && char.IsUpper(text[0]) && char.IsLower(text[1])
            ? char.ToLowerInvariant(text[0]) + text[1..]
            : text;
    }
}
