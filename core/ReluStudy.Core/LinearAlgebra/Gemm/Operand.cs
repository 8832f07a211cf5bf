namespace ReluStudy.Core.LinearAlgebra.Gemm;

/// <summary>A matrix read through strides: element (i, j) is at <c>Data[i·RowStride + j·ColumnStride]</c>.
/// A row-major matrix has strides (columns, 1); its transpose, viewed in place, (1, columns).</summary>
internal readonly unsafe struct Operand(float* data, nint rowStride, nint columnStride)
{
    public readonly float* Data = data;
    public readonly nint RowStride = rowStride;
    public readonly nint ColumnStride = columnStride;

    public static Operand RowMajor(float* data, int columns) => new(data, columns, 1);

    public static Operand Transposed(float* data, int columns) => new(data, 1, columns);

    public float* At(nint row, nint column) => Data + row * RowStride + column * ColumnStride;
}
