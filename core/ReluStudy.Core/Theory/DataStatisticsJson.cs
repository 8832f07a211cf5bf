using System.Text.Json.Nodes;
using ReluStudy.Core.Data;

namespace ReluStudy.Core.Theory;

/// <summary>The data-assumption check as JSON (relustudy data stats --json, and the study runner's data/ folder).</summary>
public static class DataStatisticsJson
{
    public static JsonObject ToJson(DataStatistics s, DataDescription d) => new()
    {
        ["format"] = "relustudy-data-stats/1",
        ["dataset"] = d.Dataset,
        ["classes"] = new JsonArray(d.ClassA, d.ClassB),
        ["n"] = s.N,
        ["d"] = s.D,
        ["mu"] = s.Mu,
        ["min_norm"] = s.MinNorm,
        ["max_norm"] = s.MaxNorm,
        ["max_last_coordinate_deviation"] = s.MaxLastCoordinateDeviation,
        ["assumption_4_1_holds"] = s.Assumption41Holds,
        ["phi"] = s.Phi,
        ["phi_pair"] = new JsonObject { ["i"] = s.PhiPair.I, ["j"] = s.PhiPair.J },
        ["cross_class_duplicates"] = s.CrossClassDuplicates,
        ["assumption_4_2_holds"] = s.Phi > 0,
        ["nearest_other_class"] = Quantiles(s.NearestOtherClass),
        ["most_parallel"] = new JsonObject { ["i"] = s.MostParallel.I, ["j"] = s.MostParallel.J, ["angle_degrees"] = s.MostParallel.Value },
        ["lambda0"] = s.Lambda0,
        ["lambda0_error_bound"] = s.Lambda0Residual,
        ["lambda_max"] = s.LambdaMax,
        ["lambda_max_error_bound"] = s.LambdaMaxResidual,
        ["condition"] = double.IsFinite(s.Condition) ? s.Condition : null,
        ["h_infinity_positive_definite"] = s.PositiveDefinite,
        ["eigensolver"] = $"Lanczos, full reorthogonalisation, float64, {s.LanczosSteps} steps",
        ["seconds"] = s.Seconds,
    };

    private static JsonObject Quantiles(Quantiles q) => new()
    {
        ["min"] = q.Min, ["p05"] = q.P05, ["p25"] = q.P25, ["median"] = q.Median, ["p75"] = q.P75, ["p95"] = q.P95, ["max"] = q.Max,
    };

}
