namespace ReluStudy.Core.Data;

// Row shapes ML.NET maps to and from columns by field name; vector sizes come from schema definitions.
/// <summary>One raw example with its position in the source.</summary>
public sealed class SourceRow
{
    public uint Index;
    public string Class = "";
    public float[] Raw = [];
}

public sealed class ClassRow
{
    public uint Index;
    public string Class = "";
}

public sealed class LabelRow
{
    public float Label;
}

public sealed class RawRow
{
    public float[] Raw = [];
}

public sealed class ScaledRow
{
    public float[] Scaled = [];
}

public sealed class UnitRow
{
    public float[] Unit = [];
}

public sealed class FeatureRow
{
    public float[] Features = [];
}
