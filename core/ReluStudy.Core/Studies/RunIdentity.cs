using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ReluStudy.Core.Data;
using ReluStudy.Core.Model;
using ReluStudy.Core.Training;

namespace ReluStudy.Core.Studies;

/// <summary>
/// Content-addressed run ids: SHA-256 over the canonical text of everything that can change a run's
/// results (the configuration without thread count or output place) and the checksum of the prepared
/// training data. Re-running a study finds its finished runs by these ids.
/// </summary>
public static class RunIdentity
{
    /// <summary>The canonical configuration text (sorted keys, invariant numbers).</summary>
    public static string Canonical(RunSpec spec)
    {
        var fields = new SortedDictionary<string, object?>(StringComparer.Ordinal)
        {
            ["data.kind"] = spec.Data.Kind.ToString(),
            ["data.csv"] = spec.Data.CsvPath,
            ["data.classes"] = $"{spec.Data.ClassA},{spec.Data.ClassB}",
            ["data.n"] = spec.Data.TrainCount,
            ["data.test_n"] = spec.Data.TestCount,
            ["data.mu"] = spec.Data.Preprocess == Preprocessing.Paper ? spec.Data.Mu : null,
            ["data.preprocess"] = spec.Data.Preprocess.ToString(),
            ["data.seed"] = spec.Data.DataSeed,
            ["data.d"] = spec.Data.IsSynthetic ? spec.Data.Dimension : null,
            ["data.phi"] = spec.Data.Kind == DatasetKind.SeparatedSphere ? spec.Data.Phi : null,
        };
        if (spec.Deep is TrainingConfig c)
        {
            fields["model"] = "deep";
            fields["widths"] = string.Join(",", c.Widths);
            fields["loss"] = MarginLoss.Name(c.Loss);
            fields["optimizer"] = c.Optimizer.ToString();
            // A multiple names the run by c, never by the η it resolves to (measured at W(0), and unknown when the id is taken).
            if (c.StepMultiple is double multiple) fields["step_multiple"] = multiple;
            else fields["lr"] = c.StepSize; // η keeps its schema-1 key: a renamed key changes every id and orphans every cached run
            // Only the Hessian is named: the Gauss-Newton default keeps the ids of the runs taken before it had a choice.
            if (c.StepCurvature != StepCurvature.GaussNewton) fields["step_curvature"] = c.StepCurvature.Name();
            fields["batch"] = c.BatchSize;
            fields["iterations"] = c.Iterations;
            fields["seed"] = c.Seed;
            fields["target_loss"] = c.TargetLoss;
            fields["stop_at_zero_error"] = c.StopAtZeroError;
            fields["schedule"] = c.Schedule.Describe();
            fields["divergence_factor"] = c.DivergenceFactor;
            // The predictions, the kernel's schedule and the sharpness change what is recorded, not the training: only
            // settings other than the defaults enter the id, so ids of runs without them stay as they were.
            if (c.Predict is bool predict) fields["predict"] = predict;
            if (c.TangentKernelSample != TrainingConfig.DefaultTangentKernelSample) fields["kernel_n"] = c.TangentKernelSample;
            if (c.TangentKernelEvery is int every) fields["gram_every"] = every;
            if (c.Sharpness is { } sharpness)
            {
                fields["sharpness"] = true;
                if (sharpness.Every != SharpnessSettings.DefaultEvery) fields["sharpness_every"] = sharpness.Every;
                if (sharpness.HessianN != SharpnessSettings.DefaultHessianN) fields["hessian_n"] = sharpness.HessianN;
            }
            if (c.StepSearch is { } search) fields["step_search"] = $"{search.From:R},{search.To:R},{search.Bisections}";
        }
        else if (spec.TwoLayer is { } t)
        {
            fields["model"] = "two-layer";
            fields["width"] = t.Width;
            fields["lr"] = t.StepSize; // as above: the key is part of every id
            fields["iterations"] = t.Iterations;
            fields["seed"] = t.Seed;
            fields["train_output_layer"] = t.TrainOutputLayer;
            fields["schedule"] = t.Schedule.Describe();
            fields["gram_every"] = t.TangentKernelEvery;
            fields["divergence_factor"] = t.DivergenceFactor;
        }
        return JsonSerializer.Serialize(fields);
    }

    /// <summary>SHA-256 of the training inputs and labels as stored (float32 bits, little-endian).</summary>
    public static string DataChecksum(float[] features, ReadOnlySpan<double> labels)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(features.AsSpan()));
        hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(labels));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The run id: 16 hex digits of SHA-256(canonical configuration, data checksum).</summary>
    public static string Id(RunSpec spec, string dataChecksum) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Canonical(spec) + "\n" + dataChecksum)))[..16];
}
