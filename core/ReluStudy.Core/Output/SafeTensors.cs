using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ReluStudy.Core.Output;

/// <summary>One tensor of a safetensors file: name, dtype ("F32", "F64", "I32" or "U64"), shape and little-endian bytes.</summary>
public sealed record Tensor(string Name, string Dtype, long[] Shape, byte[] Data)
{
    public static Tensor Float32(string name, long[] shape, ReadOnlySpan<float> values) =>
        new(name, "F32", shape, System.Runtime.InteropServices.MemoryMarshal.AsBytes(values).ToArray());

    public T[] As<T>() where T : unmanaged => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, T>(Data).ToArray();

    public float[] AsFloat32()
    {
        if (Dtype != "F32") throw new InvalidOperationException($"{Name}: dtype is {Dtype}, not F32");
        return System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(Data).ToArray();
    }
}

/// <summary>A tensor to write, streamed from where it already lives (checkpoints must not copy the weights: memory).</summary>
public sealed record TensorSource(string Name, string Dtype, long[] Shape, long ByteLength, Action<Stream> WriteTo)
{
    public static TensorSource Of<T>(string name, string dtype, T[] values) where T : unmanaged =>
        new(name, dtype, [values.Length], (long)values.Length * System.Runtime.CompilerServices.Unsafe.SizeOf<T>(),
            s => s.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan())));
}

/// <summary>
/// The safetensors format (huggingface/safetensors): an 8-byte little-endian header length N, N bytes of JSON
/// ({name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {string: string}}, padded with spaces to
/// a multiple of 8), then the tensors' bytes. Readable from PyTorch, NumPy and JAX, and with nothing but a
/// JSON parser and a byte reader. Files are written atomically.
/// </summary>
public static class SafeTensors
{
    /// <summary>The ways reading a truncated, corrupt or foreign file fails (header, JSON, a missing tensor or metadata key, a bad number).</summary>
    public static bool IsUnreadable(Exception e) =>
        e is InvalidDataException or KeyNotFoundException or FormatException or JsonException or IOException;

    public static void Write(string path, IReadOnlyList<Tensor> tensors, IReadOnlyDictionary<string, string> metadata) =>
        Write(path, tensors.Select(t => new TensorSource(t.Name, t.Dtype, t.Shape, t.Data.Length, s => s.Write(t.Data))).ToArray(), metadata);

    public static void Write(string path, IReadOnlyList<TensorSource> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        var header = new JsonObject { ["__metadata__"] = new JsonObject(metadata.Select(m => KeyValuePair.Create(m.Key, (JsonNode?)m.Value))) };
        long offset = 0;
        foreach (TensorSource t in tensors)
        {
            header[t.Name] = new JsonObject
            {
                ["dtype"] = t.Dtype,
                ["shape"] = new JsonArray(t.Shape.Select(s => (JsonNode)s).ToArray()),
                ["data_offsets"] = new JsonArray((JsonNode)offset, (JsonNode)(offset + t.ByteLength)),
            };
            offset += t.ByteLength;
        }
        byte[] json = Encoding.UTF8.GetBytes(header.ToJsonString());
        int padded = (json.Length + 7) / 8 * 8;
        AtomicFile.Write(path, stream =>
        {
            Span<byte> length = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)padded);
            stream.Write(length);
            stream.Write(json);
            for (int i = json.Length; i < padded; i++) stream.WriteByte((byte)' ');
            foreach (TensorSource t in tensors) t.WriteTo(stream);
        });
    }

    /// <summary>Reads every tensor and the metadata; throws <see cref="InvalidDataException"/> naming the file on any inconsistency.</summary>
    public static (IReadOnlyList<Tensor> Tensors, IReadOnlyDictionary<string, string> Metadata) Read(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length < 8) throw new InvalidDataException($"{path}: not a safetensors file (shorter than its 8-byte header length)");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength > (ulong)bytes.Length - 8) throw new InvalidDataException($"{path}: header length {headerLength} exceeds the file ({bytes.Length} bytes)");
        using JsonDocument header = JsonDocument.Parse(bytes.AsMemory(8, (int)headerLength));
        int start = 8 + (int)headerLength;
        var tensors = new List<Tensor>();
        var metadata = new Dictionary<string, string>();
        foreach (JsonProperty p in header.RootElement.EnumerateObject())
        {
            if (p.Name == "__metadata__")
            {
                foreach (JsonProperty m in p.Value.EnumerateObject()) metadata[m.Name] = m.Value.GetString() ?? "";
                continue;
            }
            long begin = p.Value.GetProperty("data_offsets")[0].GetInt64(), end = p.Value.GetProperty("data_offsets")[1].GetInt64();
            if (begin < 0 || end < begin || start + end > bytes.Length)
                throw new InvalidDataException($"{path}: tensor {p.Name}: data_offsets [{begin}, {end}] outside the file");
            long[] shape = p.Value.GetProperty("shape").EnumerateArray().Select(s => s.GetInt64()).ToArray();
            string dtype = p.Value.GetProperty("dtype").GetString()!;
            long size = dtype switch { "F32" or "I32" => 4, "F64" or "U64" => 8, _ => throw new InvalidDataException($"{path}: tensor {p.Name}: unsupported dtype {dtype}") };
            if (shape.Aggregate(1L, (a, b) => a * b) * size != end - begin)
                throw new InvalidDataException($"{path}: tensor {p.Name}: shape [{string.Join(",", shape)}] does not match {end - begin} bytes");
            tensors.Add(new Tensor(p.Name, dtype, shape, bytes.AsSpan(start + (int)begin, (int)(end - begin)).ToArray()));
        }
        return (tensors, metadata);
    }
}
