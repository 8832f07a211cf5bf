using Microsoft.ML;
using Microsoft.ML.Data;
using ReluStudy.Core.Numerics;

namespace ReluStudy.Core.Data;

/// <summary>
/// The ML.NET pipeline from raw examples to a binary task: keep classes A and B, draw a seeded
/// class-balanced subset, map A → +1 and B → −1, and (for the paper's preprocessing) scale pixels to
/// [0,1], normalise to unit L2 norm and append μ: x = (√(1−μ²)·z/‖z‖, μ) (ZCZG-ML Assumption 4.1).
/// </summary>
public static class PairPipeline
{
    /// <summary>|‖x‖ − 1| allowed after preprocessing: float32 rounding of a unit-norm vector of d ≤ 4k entries.</summary>
    public const double UnitNormTolerance = 1e-5;

    /// <summary>Indices of a class-balanced subset: ⌈n/2⌉ of A and ⌊n/2⌋ of B, each a seeded uniform draw, in source order.
    /// <paramref name="whereMore"/>, when given, ends the error for too few examples (how to get more).</summary>
    public static uint[] DrawBalanced(IReadOnlyList<uint> indicesA, IReadOnlyList<uint> indicesB, int n, Rng rng,
        string classA, string classB, string source, string option, string? whereMore = null)
    {
        int wantA = n - n / 2, wantB = n / 2;
        if (indicesA.Count < wantA || indicesB.Count < wantB)
            throw DataFormatException.BadOption(
                $"{option}: a balanced subset of {n} needs {wantA} of class {classA} and {wantB} of class {classB}; {source} has {indicesA.Count} and {indicesB.Count}" +
                (whereMore is null ? "" : $" ({whereMore})"));
        return Pick(indicesA, wantA, rng).Concat(Pick(indicesB, wantB, rng)).Order().ToArray();
    }

    private static IEnumerable<uint> Pick(IReadOnlyList<uint> indices, int count, Rng rng)
    {
        uint[] pool = indices.ToArray();
        rng.Shuffle(pool.AsSpan());
        return pool.Take(count);
    }

    /// <summary>Runs the pipeline on the rows of <paramref name="raw"/> whose index is in <paramref name="selected"/>.</summary>
    public static Dataset Transform(RawExamples raw, IReadOnlySet<uint> selected, DataRequest request)
    {
        var ml = new MLContext(seed: 0);
        int length = raw.FeatureLength;
        var sourceSchema = SchemaDefinition.Create(typeof(SourceRow));
        sourceSchema[nameof(SourceRow.Raw)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, length);
        IDataView source = ml.Data.LoadFromEnumerable(Rows(raw), sourceSchema);

        string classA = request.ClassA, classB = request.ClassB;
        // FilterByCustomPredicate drops the rows for which the predicate is true.
        IDataView subset = ml.Data.FilterByCustomPredicate<ClassRow>(source,
            row => !selected.Contains(row.Index) || (row.Class != classA && row.Class != classB));

        IEstimator<ITransformer> pipeline = ml.Transforms.CustomMapping<ClassRow, LabelRow>(
            (src, dst) => dst.Label = src.Class == classA ? 1f : -1f, contractName: null);

        if (request.Preprocess == Preprocessing.Paper)
        {
            string unitInput = nameof(RawRow.Raw);
            if (raw.IsImage)
            {
                pipeline = pipeline.Append(ml.Transforms.CustomMapping<RawRow, ScaledRow>(
                    (src, dst) => dst.Scaled = src.Raw.Select(p => p / 255f).ToArray(), contractName: null,
                    inputSchemaDefinition: VectorSchema<RawRow>(nameof(RawRow.Raw), length),
                    outputSchemaDefinition: VectorSchema<ScaledRow>(nameof(ScaledRow.Scaled), length)));
                unitInput = nameof(ScaledRow.Scaled);
            }
            pipeline = pipeline.Append(ml.Transforms.NormalizeLpNorm(nameof(UnitRow.Unit), unitInput));
            float scale = (float)Math.Sqrt(1 - request.Mu * request.Mu);
            float mu = (float)request.Mu;
            pipeline = pipeline.Append(ml.Transforms.CustomMapping<UnitRow, FeatureRow>(
                (src, dst) =>
                {
                    var x = new float[length + 1];
                    for (int j = 0; j < length; j++) x[j] = scale * src.Unit[j];
                    x[length] = mu;
                    dst.Features = x;
                },
                contractName: null,
                inputSchemaDefinition: VectorSchema<UnitRow>(nameof(UnitRow.Unit), length),
                outputSchemaDefinition: VectorSchema<FeatureRow>(nameof(FeatureRow.Features), length + 1)));
        }
        else
        {
            pipeline = pipeline.Append(ml.Transforms.CopyColumns(nameof(FeatureRow.Features), nameof(RawRow.Raw)));
        }

        IDataView prepared = pipeline.Fit(subset).Transform(subset);
        return Materialize(prepared, raw, selected.Count, request);
    }

    private static IEnumerable<SourceRow> Rows(RawExamples raw)
    {
        for (int i = 0; i < raw.Count; i++)
        {
            var row = new SourceRow { Index = (uint)i, Class = raw.Classes[i], Raw = new float[raw.FeatureLength] };
            raw.CopyRow(i, row.Raw);
            yield return row;
        }
    }

    private static SchemaDefinition VectorSchema<T>(string column, int size)
    {
        var schema = SchemaDefinition.Create(typeof(T));
        schema[column].ColumnType = new VectorDataViewType(NumberDataViewType.Single, size);
        return schema;
    }

    private static Dataset Materialize(IDataView view, RawExamples raw, int count, DataRequest request)
    {
        int dimension = ((VectorDataViewType)view.Schema[nameof(FeatureRow.Features)].Type).Size;
        var labels = new float[count];
        var features = new float[(long)count * dimension];
        using DataViewRowCursor cursor = view.GetRowCursor(view.Schema);
        var getIndex = cursor.GetGetter<uint>(view.Schema[nameof(SourceRow.Index)]);
        var getLabel = cursor.GetGetter<float>(view.Schema[nameof(LabelRow.Label)]);
        var getFeatures = cursor.GetGetter<VBuffer<float>>(view.Schema[nameof(FeatureRow.Features)]);
        uint index = 0;
        VBuffer<float> x = default;
        int row = 0;
        while (cursor.MoveNext())
        {
            if (row == count) throw new InvalidOperationException($"the pipeline produced more than the {count} selected rows");
            getIndex(ref index);
            getLabel(ref labels[row]);
            getFeatures(ref x);
            Span<float> destination = features.AsSpan(row * dimension, dimension);
            x.CopyTo(destination);
            if (request.Preprocess == Preprocessing.Paper)
            {
                double squares = 0;
                foreach (float value in destination) squares += (double)value * value;
                if (Math.Abs(Math.Sqrt(squares) - 1) > UnitNormTolerance)
                    throw new DataFormatException(
                        $"{raw.Source}: example {index} (class {raw.Classes[index]}) has ‖z‖ = 0, so x = (√(1−μ²)·z/‖z‖, μ) is undefined; use --preprocess none or remove it");
            }
            row++;
        }
        if (row != count) throw new InvalidOperationException($"the pipeline produced {row} of the {count} selected rows");
        return new Dataset(features, labels, dimension);
    }
}
