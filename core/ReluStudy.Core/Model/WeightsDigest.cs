using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace ReluStudy.Core.Model;

/// <summary>SHA-256 over weight arrays' little-endian bytes, in order: the weights_sha256 of run.json and final.safetensors.</summary>
public static class WeightsDigest
{
    /// <summary>From the live arrays, without copying them.</summary>
    public static string Of(IEnumerable<float[]> arrays)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (float[] a in arrays) hash.AppendData(MemoryMarshal.AsBytes(a.AsSpan()));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>From tensors' bytes as a safetensors file holds them.</summary>
    public static string Of(IEnumerable<byte[]> parts)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (byte[] part in parts) hash.AppendData(part);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
