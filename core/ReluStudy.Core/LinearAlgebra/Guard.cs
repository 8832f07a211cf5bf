namespace ReluStudy.Core.LinearAlgebra;

/// <summary>Entry-point checks whose messages carry the values (ImageSharp's Guard style).</summary>
internal static class Guard
{
    public static void Size(Array array, long required, string name)
    {
        if (array.LongLength < required)
            throw new ArgumentException($"{name}.Length ({array.LongLength}) < required ({required})", name);
    }
}
