using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using OnePool.Cli.Config;

namespace OnePool.Cli.Client;

/// <summary>
/// Typed client of the broker's REST API (<c>/v1/...</c>), one method per endpoint. Every failure surfaces as a
/// <see cref="BrokerException"/> with a one-line message: problem documents are summarised, connection failures
/// become <see cref="BrokerUnreachableException"/>, and malformed replies are named as such.
/// </summary>
internal sealed partial class BrokerClient : IDisposable
{
    /// <summary>How long one call may take before it counts as unanswered. Default: 60 seconds.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    private readonly HttpClient _http;
    private readonly Uri[] _urls;

    /// <summary>Creates a client for the broker at <paramref name="baseUrl"/> presenting <paramref name="token"/>.</summary>
    /// <param name="baseUrl">Broker base URL; paths are resolved against it.</param>
    /// <param name="token">Bearer token, or null to send none.</param>
    /// <param name="handler">Transport to use (tests inject one); null for a new <see cref="SocketsHttpHandler"/>.</param>
    public BrokerClient(Uri baseUrl, string? token, HttpMessageHandler? handler = null)
        : this([baseUrl], token, handler)
    {
    }

    /// <summary>Creates a client for a broker with several replicas (any of them serves the API): calls go to the
    /// first that answers, and stay there while it does.</summary>
    public BrokerClient(IReadOnlyList<Uri> baseUrls, string? token, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(baseUrls);
        _urls = [.. baseUrls.Select(u => u.AbsoluteUri.EndsWith('/') ? u : new Uri(u.AbsoluteUri + "/"))];
        if (_urls.Length == 0)
        {
            throw new ArgumentException("at least one broker URL is needed", nameof(baseUrls));
        }

        BaseUrl = _urls[0];
        _http = new HttpClient(handler ?? new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) }, disposeHandler: handler is null)
        {
            Timeout = DefaultTimeout,
        };
        if (token is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("onepool-cli", "1"));
    }

    /// <summary>JSON options of the API: <see cref="JsonSerializerDefaults.Web"/> (camelCase).</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>The broker's base URL, ending in '/': the replica that last answered.</summary>
    public Uri BaseUrl { get; private set; }

    /// <summary>Creates a client from resolved configuration.</summary>
    public static BrokerClient Create(CliConfig config, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new BrokerClient(config.Urls, config.Token, handler);
    }

    /// <inheritdoc/>
    public void Dispose() => _http.Dispose();

    private Task<T> GetAsync<T>(string path, CancellationToken cancellationToken) =>
        SendAsync<T>(HttpMethod.Get, path, null, null, cancellationToken);

    private async Task<T> SendAsync<T>(
        HttpMethod method, string path, HttpContent? content, IReadOnlyDictionary<string, string>? headers, CancellationToken cancellationToken)
    {
        // Another replica is tried only when this one could not be reached: a request that reached a replica and
        // failed there is answered, not retried (submissions carry an Idempotency-Key for the retries JobSubmitter makes).
        var start = Array.IndexOf(_urls, BaseUrl);
        for (var i = 0; ; i++)
        {
            var url = _urls[(start + i) % _urls.Length];
            try
            {
                var result = await SendToAsync<T>(url, method, path, content, headers, cancellationToken);
                BaseUrl = url;
                return result;
            }
            catch (BrokerUnreachableException) when (i + 1 < _urls.Length)
            {
                // try the next replica
            }
        }
    }

    private async Task<T> SendToAsync<T>(
        Uri baseUrl, HttpMethod method, string path, HttpContent? content, IReadOnlyDictionary<string, string>? headers, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(baseUrl, path)) { Content = content };
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        string body;
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken);
            body = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (HttpRequestException e) when (e.StatusCode is null)
        {
            throw new BrokerUnreachableException($"cannot reach the broker at {baseUrl}: {Reason(e)}; is it running?", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new BrokerUnreachableException(
                $"cannot reach the broker at {baseUrl}: no answer within {_http.Timeout.TotalSeconds:0} s; is it running?", e);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new BrokerException(ProblemDocument.Describe(response.StatusCode, body), (int)response.StatusCode);
            }

            try
            {
                return JsonSerializer.Deserialize<T>(body, Json)
                    ?? throw new JsonException("the reply is empty");
            }
            catch (JsonException e)
            {
                throw new BrokerException(
                    $"the broker's reply to {method} /{path} is not what this CLI expects ({ProblemDocument.OneLine(e.Message)}); is {baseUrl} a OnePool broker of a matching version?",
                    (int)response.StatusCode, e);
            }
        }
    }

    private static StringContent JsonBody<T>(T value, JsonSerializerOptions options) =>
        new(JsonSerializer.Serialize(value, options), Encoding.UTF8, "application/json");

    private static string Reason(HttpRequestException e)
    {
        // The socket error says it best ("Connection refused (127.0.0.1:7070)", "Name or service not known").
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
            {
                return ProblemDocument.OneLine(socket.Message);
            }
        }

        return ProblemDocument.OneLine(e.InnerException?.Message ?? e.Message);
    }
}
