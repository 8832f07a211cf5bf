using ReluStudy.Core.Theory.Fits;
namespace ReluStudy.Core.Theory;

/// <summary>How a prediction is checked: fitted as an exponent, read off a figure, or not measured by any study yet.</summary>
public enum PredictionCheck { Fitted, Figure, NotYet }

/// <summary>One prediction of the theory (docs/theory.md, section 4) as the site's index lists it.</summary>
/// <param name="Figure">for a prediction read off a figure, the chart's id on a study page.</param>
public sealed record PredictionEntry(string Id, string Statement, PredictionCheck Check, string? Figure = null, string? Missing = null);

/// <summary>Every prediction the index reports on, in order: the fitted ones (ids of <see cref="ScalingQuantities"/>),
/// those read off a figure, and those no study measures yet with what it would take.</summary>
public static class PredictionCatalogue
{
    public static readonly IReadOnlyList<PredictionEntry> All =
    [
        new("P1", "the squared gradient norm at initialisation grows like m", PredictionCheck.Fitted),
        new("P2", "the squared gradient norm at initialisation grows like L at m >> L (theory bracket [0, 3], expected +1)", PredictionCheck.Fitted),
        new("P3", "the iterations to a fixed loss fall like 1/m", PredictionCheck.Fitted),
        new("P4", "the iterations to a fixed loss fall like 1/eta", PredictionCheck.Fitted),
        new("P5", "the loss against eta*m*k is one curve for every width", PredictionCheck.Figure, "collapse-loss"),
        new("P6", "the distance from initialisation at a fixed loss falls like m^(-1/2)", PredictionCheck.Fitted),
        new("P7", "sqrt(m) times the distance against eta*m*k is width-independent", PredictionCheck.Figure, "collapse-distance"),
        new("P8", "the activation-pattern change at a fixed loss falls like m^(-1/2) (bound m^(-1/3))", PredictionCheck.Fitted),
        new("P9", "the initial loss does not depend on m (about 0.772 for m >> L)", PredictionCheck.Fitted),
        new("P10", "the late cross-entropy loss falls like 1/k", PredictionCheck.NotYet, Missing: "a fit of the late loss against k"),
        new("P11", "the largest stable step falls like 1/m", PredictionCheck.Fitted),
        new("P11b", "the largest stable step against L: theory -3, expected -1", PredictionCheck.Fitted),
        new("P12", "the linear phase of a hinge loss converges at a rate proportional to eta*m", PredictionCheck.Fitted),
        new("P13", "two-layer: ||H(0) - H_inf||_F falls like m^(-1/2)", PredictionCheck.Fitted),
        new("P14", "two-layer: ||H(k) - H(0)||_2 falls like m^(-1/2)", PredictionCheck.Fitted),
        new("P15", "two-layer: the largest neuron movement falls like m^(-1/2)", PredictionCheck.Fitted),
        new("P16", "two-layer: the share of changed activation patterns falls like m^(-1/2)", PredictionCheck.Fitted),
        new("P17", "two-layer: the per-iteration contraction of ||y - u||^2 tends to a width-free rate", PredictionCheck.NotYet, Missing: "a fit of the contraction's deviation against m"),
        new("P18", "two-layer: the residual follows H_inf's eigenmodes at rates eta*lambda_i", PredictionCheck.NotYet, Missing: "a per-mode comparison"),
        new("P19", "the empirical tangent kernel's change at a fixed loss falls like m^(-1/2)", PredictionCheck.Fitted),
        new("P20", "the initial kernel's distance from its limit falls like m^(-1/2)", PredictionCheck.Fitted),
        new(ScalingQuantities.SgdBatch, "SGD against the mini-batch size B: iterations, examples seen, distance and pattern change at a fixed loss (no predicted exponent)", PredictionCheck.Fitted),
    ];
}
