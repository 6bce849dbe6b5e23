using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;

namespace CrisisComms.Web.Pages;

/// <summary>
/// A piece of HTML that is already safe to write. Pages are built with <see cref="H"/>: every value
/// interpolated into it is HTML-encoded unless it is itself <see cref="Html"/>, so forgetting to encode
/// is not possible (the same guarantee Razor gives, without a view compiler).
/// </summary>
internal readonly struct Html
{
    private readonly string? _value;

    private Html(string value) => _value = value;

    public static Html Empty => default;

    public bool IsEmpty => string.IsNullOrEmpty(_value);

    /// <summary>Text we wrote ourselves (markup constants), never user or event data.</summary>
    public static Html Raw(string markup) => new(markup);

    public static Html Join(IEnumerable<Html> parts) => new(string.Concat(parts.Select(p => p._value)));

    public static Html Join<T>(IEnumerable<T> items, Func<T, Html> render) => Join(items.Select(render));

    /// <summary>Safe markup: interpolated values are encoded.</summary>
    public static Html H(ref HtmlHandler handler) => handler.ToHtml();

    public static Html When(bool condition, Html content) => condition ? content : Empty;

    public override string ToString() => _value ?? string.Empty;

    internal static Html FromBuilder(StringBuilder builder) => new(builder.ToString());
}

/// <summary>Builds <see cref="Html"/> from an interpolated string, encoding every hole that is not already HTML.</summary>
[InterpolatedStringHandler]
internal ref struct HtmlHandler
{
    private static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("en-GB");
    private readonly StringBuilder _builder;

    public HtmlHandler(int literalLength, int formattedCount) => _builder = new StringBuilder(literalLength + (formattedCount * 16));

    public readonly void AppendLiteral(string value) => _builder.Append(value);

    public readonly void AppendFormatted<T>(T value) => AppendFormatted(value, null);

    public readonly void AppendFormatted<T>(T value, string? format)
    {
        switch (value)
        {
            case null:
                return;
            case Html html:
                _builder.Append(html.ToString());
                return;
            case IEnumerable<Html> many:
                foreach (var part in many)
                {
                    _builder.Append(part.ToString());
                }

                return;
            case IFormattable formattable:
                _builder.Append(HtmlEncoder.Default.Encode(formattable.ToString(format, Culture)));
                return;
            default:
                _builder.Append(HtmlEncoder.Default.Encode(value.ToString() ?? string.Empty));
                return;
        }
    }

    public readonly Html ToHtml() => Html.FromBuilder(_builder);
}
