using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using OnePool.Contracts.Agents;

namespace OnePool.Agent.Leasing;

/// <summary>Sends <c>POST /v1/agents/lease</c> with the site token and sorts the outcome into a <see cref="LeaseResult"/>.
/// With several broker URLs (replicas of one broker on PostgreSQL) it leases from the leader: a standby answers 421
/// naming the leader, which is tried next; a replica that does not answer is skipped for the next one.</summary>
internal sealed class LeaseClient(HttpClient http, IReadOnlyList<Uri> brokerUrls, string token, TimeProvider time)
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private readonly Uri[] _urls = brokerUrls.Count > 0 ? [.. brokerUrls] : throw new ArgumentException("at least one broker URL is needed", nameof(brokerUrls));
    private Uri _current = brokerUrls[0];

    /// <summary>The broker URL the last lease went to (or is about to go to).</summary>
    public Uri Current => _current;

    /// <summary>Sends <paramref name="request"/> to the leader; each try gives up after <paramref name="timeout"/>
    /// (reported as unreachable once every URL was tried). Throws <see cref="OperationCanceledException"/> only when
    /// <paramref name="cancellationToken"/> fires.</summary>
    public async Task<LeaseResult> LeaseAsync(LeaseRequest request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var tried = new HashSet<Uri>();
        var reasons = new List<string>();
        var brokerDown = true; // no replica answered at all, or only to say that none leads: down, not cut off
        var target = _current;
        while (tried.Add(target))
        {
            var (result, leader) = await SendAsync(target, request, timeout, cancellationToken);
            if (result is not LeaseResult.Unreachable unreachable)
            {
                _current = target;
                return result;
            }

            reasons.Add(_urls.Length > 1 ? $"{target.GetLeftPart(UriPartial.Authority)}: {unreachable.Reason}" : unreachable.Reason);
            brokerDown &= unreachable.BrokerDown;
            target = leader is not null && !tried.Contains(leader) ? leader : _urls.FirstOrDefault(u => !tried.Contains(u)) ?? target;
        }

        _current = _urls[(Array.IndexOf(_urls, _current) + 1) % _urls.Length]; // start elsewhere next time
        return new LeaseResult.Unreachable(string.Join("; ", reasons), brokerDown);
    }

    /// <summary>One try. A standby's 421 comes back as unreachable (this URL cannot serve the lease) with the leader's URL.</summary>
    private async Task<(LeaseResult Result, Uri? Leader)> SendAsync(Uri broker, LeaseRequest request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timer = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, cancellationToken);
        try
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(broker.ToString().TrimEnd('/') + "/v1/agents/lease"))
            {
                Content = JsonContent.Create(request, options: JsonOptions),
            };
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadFromJsonAsync<LeaseResponse>(JsonOptions, linked.Token);
                return (body is null
                    ? new LeaseResult.Rejected(status, "the broker answered with an empty body")
                    : new LeaseResult.Ok(body), null);
            }

            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                return (new LeaseResult.Refused(status), null);
            }

            if (response.StatusCode == HttpStatusCode.MisdirectedRequest)
            {
                var leader = response.Headers.TryGetValues("OnePool-Leader", out var values)
                    && Uri.TryCreate(values.FirstOrDefault(), UriKind.Absolute, out var url) ? url : null;
                return (new LeaseResult.Unreachable($"a standby replica (the leader is {leader?.ToString() ?? "unknown"})", BrokerDown: true), leader);
            }

            if (status >= 500)
            {
                // 503 from a replica while no leader is elected: the broker is between leaders, not cut off.
                return (new LeaseResult.Unreachable(string.Create(CultureInfo.InvariantCulture, $"HTTP {status} {response.ReasonPhrase}"),
                    BrokerDown: response.StatusCode == HttpStatusCode.ServiceUnavailable && _urls.Length > 1), null);
            }

            return (new LeaseResult.Rejected(status, await ReadProblemAsync(response, linked.Token)), null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (new LeaseResult.Unreachable(string.Create(CultureInfo.InvariantCulture, $"no answer within {timeout.TotalSeconds:0} s")), null);
        }
        catch (HttpRequestException e)
        {
            var refused = e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused };
            return (new LeaseResult.Unreachable(Describe(e), refused), null);
        }
        catch (JsonException e)
        {
            return (new LeaseResult.Rejected(200, "the broker's answer is not a lease response: " + e.Message), null);
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
