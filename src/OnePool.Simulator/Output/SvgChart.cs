using System.Globalization;
using System.Text;

namespace OnePool.Simulator.Output;

/// <summary>
/// A line chart written as plain SVG (one polyline per series, axes, ticks, legend), so reports need no plotting
/// package. The x axis may be logarithmic (base 10) for heavy-tailed values such as completion times.
/// </summary>
internal sealed class SvgChart(string title, string xLabel, string yLabel, bool logX)
{
    private const int Width = 760;
    private const int Height = 460;
    private const int Left = 70;
    private const int Right = 160;
    private const int Top = 40;
    private const int Bottom = 55;
    private static readonly string[] Colours = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"];

    private readonly List<(string Name, IReadOnlyList<(double X, double Y)> Points)> _series = [];

    public SvgChart Add(string name, IReadOnlyList<(double X, double Y)> points)
    {
        _series.Add((name, points));
        return this;
    }

    public string Render(double yMax = 1)
    {
        var xs = _series.SelectMany(s => s.Points).Select(p => p.X).Where(x => !logX || x > 0).ToList();
        var (xMin, xMax) = xs.Count == 0 ? (0.0, 1.0) : (xs.Min(), xs.Max());
        if (logX)
        {
            (xMin, xMax) = (Math.Floor(Math.Log10(Math.Max(xMin, 1e-3))), Math.Ceiling(Math.Log10(Math.Max(xMax, 1e-3))));
        }

        if (xMax <= xMin)
        {
            xMax = xMin + 1;
        }

        double X(double x) => Left + ((Width - Left - Right) * ((logX ? Math.Log10(Math.Max(x, 1e-3)) : x) - xMin) / (xMax - xMin));
        double Y(double y) => Height - Bottom - ((Height - Top - Bottom) * Math.Clamp(y / yMax, 0, 1));

        var svg = new StringBuilder();
        svg.Append(F($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" font-family=\"sans-serif\" font-size=\"12\">\n"));
        svg.Append(F($"<rect width=\"{Width}\" height=\"{Height}\" fill=\"white\"/>\n"));
        svg.Append(F($"<text x=\"{Width / 2}\" y=\"22\" text-anchor=\"middle\" font-size=\"15\">{Escape(title)}</text>\n"));
        svg.Append(F($"<line x1=\"{Left}\" y1=\"{Height - Bottom}\" x2=\"{Width - Right}\" y2=\"{Height - Bottom}\" stroke=\"black\"/>\n"));
        svg.Append(F($"<line x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Height - Bottom}\" stroke=\"black\"/>\n"));
        for (var i = 0; i <= 5; i++)
        {
            var y = yMax * i / 5;
            svg.Append(F($"<line x1=\"{Left - 4}\" y1=\"{Y(y):F1}\" x2=\"{Width - Right}\" y2=\"{Y(y):F1}\" stroke=\"#ddd\"/>"));
            svg.Append(F($"<text x=\"{Left - 8}\" y=\"{Y(y) + 4:F1}\" text-anchor=\"end\">{y:0.##}</text>\n"));
        }

        var ticks = logX ? Enumerable.Range((int)xMin, (int)(xMax - xMin) + 1).Select(e => Math.Pow(10, e))
            : Enumerable.Range(0, 6).Select(i => xMin + ((xMax - xMin) * i / 5));
        foreach (var t in ticks)
        {
            svg.Append(F($"<line x1=\"{X(t):F1}\" y1=\"{Height - Bottom}\" x2=\"{X(t):F1}\" y2=\"{Height - Bottom + 4}\" stroke=\"black\"/>"));
            svg.Append(F($"<text x=\"{X(t):F1}\" y=\"{Height - Bottom + 18}\" text-anchor=\"middle\">{t:0.###}</text>\n"));
        }

        svg.Append(F($"<text x=\"{(Left + Width - Right) / 2}\" y=\"{Height - 12}\" text-anchor=\"middle\">{Escape(xLabel)}</text>\n"));
        svg.Append(F($"<text x=\"16\" y=\"{(Top + Height - Bottom) / 2}\" text-anchor=\"middle\" transform=\"rotate(-90 16 {(Top + Height - Bottom) / 2})\">{Escape(yLabel)}</text>\n"));
        for (var s = 0; s < _series.Count; s++)
        {
            var colour = Colours[s % Colours.Length];
            var points = string.Join(' ', _series[s].Points.Where(p => !logX || p.X > 0).Select(p => F($"{X(p.X):F1},{Y(p.Y):F1}")));
            svg.Append(F($"<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.6\" points=\"{points}\"/>\n"));
            var ly = Top + 10 + (s * 20);
            svg.Append(F($"<line x1=\"{Width - Right + 14}\" y1=\"{ly}\" x2=\"{Width - Right + 38}\" y2=\"{ly}\" stroke=\"{colour}\" stroke-width=\"3\"/>"));
            svg.Append(F($"<text x=\"{Width - Right + 44}\" y=\"{ly + 4}\">{Escape(_series[s].Name)}</text>\n"));
        }

        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
