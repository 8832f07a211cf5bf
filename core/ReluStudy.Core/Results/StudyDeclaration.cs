using System.Text.Json;
using System.Text.Json.Serialization;

namespace ReluStudy.Core.Results;

/// <summary>The quantities a study is about: each decides which figures its page shows (every run records all of them but
/// <see cref="Sharpness"/>, which runs record when their study tracks it).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TrackedQuantity>))]
public enum TrackedQuantity
{
    /// <summary>L_S(W(k)) (Figure 1); the two-layer model's residual.</summary>
    Loss,
    /// <summary>Training error (Figure 1).</summary>
    TrainError,
    /// <summary>Test error against width, beside the baselines.</summary>
    TestError,
    /// <summary>‖∇L_S(W(k))‖_F.</summary>
    GradientNorm,
    /// <summary>‖W(k) − W(0)‖, spectral and Frobenius (Figure 2); the two-layer model's neuron movement.</summary>
    DistanceFromInit,
    /// <summary>The activation-pattern change ratio (Figure 3).</summary>
    PatternChangeRatio,
    /// <summary>The tangent kernel during training: its relative change (deep), the two-layer model's λ_min(H(k)).</summary>
    TangentKernel,
    /// <summary>The loss Hessian's top eigenvalues during training beside 2/η (deep). Unlike the others, tracking it is what makes runs record it.</summary>
    Sharpness,
}

/// <summary>Kinds of theory drawn beside the measurements.</summary>
public enum ComparisonKind
{
    /// <summary>Each paper's required width and iterations for the study's data.</summary>
    Bounds,
    /// <summary>A width-scaling fit of one prediction (<see cref="Comparison.Prediction"/>).</summary>
    Fit,
    /// <summary>Du et al.'s envelope (1 − ηλ0/2)^k‖y − u(0)‖² and bound R′ (two-layer).</summary>
    Envelope,
    /// <summary>The training the infinite-width kernel m·Θ̄ predicts, beside Figures 1–2 and as the η·m·k reference.</summary>
    InfiniteWidth,
    /// <summary>The training the network's own kernel Θ̂(0) predicts, beside Figures 1–2, and when the run leaves it.</summary>
    Linearized,
}

/// <summary>One piece of theory a study asks for; written as the study declares it ("Bounds", "Fit P1").</summary>
[JsonConverter(typeof(ComparisonJsonConverter))]
public sealed record Comparison(ComparisonKind Kind, string? Prediction = null)
{
    public static Comparison FitOf(string prediction) => new(ComparisonKind.Fit, prediction);

    public override string ToString() => Kind == ComparisonKind.Fit ? $"Fit {Prediction}" : Kind.ToString();

    /// <summary>"Bounds", "Envelope", "Fit P1".</summary>
    public static Comparison Parse(string text)
    {
        string t = text.Trim();
        if (t.StartsWith("Fit ", StringComparison.Ordinal) && t.Length > 4) return FitOf(t[4..].Trim().Trim('"'));
        if (Enum.TryParse(t, out ComparisonKind kind) && kind != ComparisonKind.Fit) return new Comparison(kind);
        throw new FormatException($"comparison: must be Bounds, Envelope, InfiniteWidth, Linearized or Fit <prediction>; got '{text}'");
    }
}

internal sealed class ComparisonJsonConverter : JsonConverter<Comparison>
{
    public override Comparison Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Comparison.Parse(reader.GetString() ?? throw new JsonException("a comparison must be a string"));

    public override void Write(Utf8JsonWriter writer, Comparison value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
}

/// <summary>
/// How a study was declared, as far as its pages are concerned. A study that declares neither <see cref="Track"/> nor
/// <see cref="Compare"/> gets every figure and every comparison; one that declares either gets exactly what it
/// declares: every quantity when <see cref="Track"/> is left out, no theory when <see cref="Compare"/> is.
/// </summary>
public sealed record StudyDeclaration
{
    public string Summary { get; init; } = "";
    /// <summary>Declared quantities; null when the study did not say.</summary>
    public IReadOnlyList<TrackedQuantity>? Track { get; init; }
    /// <summary>Declared theory; null when the study did not say.</summary>
    public IReadOnlyList<Comparison>? Compare { get; init; }
    /// <summary>The baselines trained on the study's data (names), empty for none.</summary>
    public IReadOnlyList<string> Baselines { get; init; } = [];

    private bool DeclaresNothing => Track is null && Compare is null;

    public bool Shows(TrackedQuantity quantity) => Track is null || Track.Contains(quantity);

    public bool Draws(ComparisonKind kind) => DeclaresNothing || (Compare?.Any(c => c.Kind == kind) ?? false);

    /// <summary>Whether the page fits this prediction (every one when the study declares nothing).</summary>
    public bool Fits(string prediction) => DeclaresNothing || (Compare?.Contains(Comparison.FitOf(prediction)) ?? false);
}
