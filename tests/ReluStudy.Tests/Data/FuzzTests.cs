using System.Buffers.Binary;
using System.Text;
using ReluStudy.Core.Data;
using Xunit.Abstractions;

namespace ReluStudy.Tests.Data;

/// <summary>
/// Random mutations of valid IDX, CIFAR-10 and CSV files: each read must succeed or throw the documented
/// <see cref="DataFormatException"/>; never another exception, a hang, or an allocation far beyond the file.
/// </summary>
public class FuzzTests(ITestOutputHelper output)
{
    private const int CasesPerFormat = 1000;
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);
    /// <summary>Per read: generous for ML.NET's fixed costs, far below what a trusted corrupt size field would ask.</summary>
    private const long AllocationLimit = 64L << 20;

    private static byte[] Idx(int magic, int[] dims)
    {
        int payload = dims.Aggregate(1, (a, b) => a * b);
        var data = new byte[4 + 4 * dims.Length + payload];
        BinaryPrimitives.WriteInt32BigEndian(data, magic);
        for (int i = 0; i < dims.Length; i++) BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(4 + 4 * i), dims[i]);
        for (int i = 0; i < payload; i++) data[4 + 4 * dims.Length + i] = (byte)(i * 13 % 256);
        return data;
    }

    private static byte[] Cifar(int records)
    {
        var data = new byte[records * CifarReader.RecordBytes];
        for (int i = 0; i < data.Length; i++) data[i] = (byte)(i % CifarReader.RecordBytes == 0 ? i / CifarReader.RecordBytes % 10 : i * 7 % 256);
        return data;
    }

    private static readonly byte[] CsvFile = Encoding.UTF8.GetBytes(
        "label,f1,f2,f3\n" + string.Concat(Enumerable.Range(0, 12).Select(i => $"{(i % 2 == 0 ? "cat" : "dog")},{i * 0.5},{-i},{i * i}e-2\n")));

    /// <summary>One random edit: bit flips, special bytes, a 4-byte field overwritten, truncation, extension, insertion, a copied span, text noise.</summary>
    private static byte[] Mutate(byte[] valid, Random rng)
    {
        var bytes = new List<byte>(valid);
        int edits = 1 + rng.Next(3);
        for (int e = 0; e < edits && bytes.Count > 0; e++)
        {
            int at = rng.Next(rng.Next(2) == 0 ? Math.Min(bytes.Count, 32) : bytes.Count); // headers are where it hurts
            switch (rng.Next(8))
            {
                case 0: bytes[at] ^= (byte)(1 << rng.Next(8)); break;
                case 1: bytes[at] = new byte[] { 0, 0xff, 0x7f, 0x80, 10, 9 }[rng.Next(6)]; break;
                case 2:
                    int value = rng.Next(4) switch { 0 => int.MaxValue, 1 => -1, 2 => 0, _ => rng.Next() };
                    for (int k = 0; k < 4 && at + k < bytes.Count; k++) bytes[at + k] = (byte)(value >> (24 - 8 * k));
                    break;
                case 3: bytes.RemoveRange(at, bytes.Count - at); break;
                case 4: bytes.AddRange(Enumerable.Range(0, rng.Next(1, 300)).Select(_ => (byte)rng.Next(256))); break;
                case 5: bytes.InsertRange(at, Enumerable.Range(0, rng.Next(1, 16)).Select(_ => (byte)rng.Next(256))); break;
                case 6:
                    int from = rng.Next(bytes.Count), length = Math.Min(rng.Next(1, 200), bytes.Count - from);
                    bytes.InsertRange(at, bytes.GetRange(from, length));
                    break;
                default: bytes.Insert(at, "\",\n\t-eE.n\r"u8[rng.Next(10)]); break;
            }
        }
        return bytes.ToArray();
    }

    public static TheoryData<string> Formats() => ["idx-images", "idx-images-gz", "idx-labels-gz", "cifar", "cifar-gz", "csv"];

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task MutatedFiles_GiveOnlyTheDocumentedError(string format)
    {
        (byte[] valid, bool gzip, string name, Action<string> read) = format switch
        {
            "idx-images" => (Idx(IdxReader.ImagesMagic, [6, 5, 4]), false, "images", (Action<string>)(p => IdxReader.ReadImages(p))),
            "idx-images-gz" => (Idx(IdxReader.ImagesMagic, [6, 5, 4]), true, "images.gz", p => IdxReader.ReadImages(p)),
            "idx-labels-gz" => (Idx(IdxReader.LabelsMagic, [30]), true, "labels.gz", p => IdxReader.ReadLabels(p)),
            "cifar" => (Cifar(3), false, "batch.bin", p => CifarReader.Read([p])),
            "cifar-gz" => (Cifar(3), true, "batch.bin.gz", p => CifarReader.Read([p])),
            _ => (CsvFile, false, "data.csv", p => CsvSource.Load(p)),
        };
        string folder = TestPaths.TempFolder();
        string path = Path.Combine(folder, name);
        var rng = new Random(format.GetHashCode(StringComparison.Ordinal) & 0x7fff ^ 20261123);
        int rejected = 0;
        long mostAllocated = 0;
        var wrong = new List<string>();
        for (int c = 0; c < CasesPerFormat; c++)
        {
            byte[] content = gzip && rng.Next(2) == 0 ? Mutate(Gzip(valid), rng) : Mutate(valid, rng);
            if (gzip && content.Length > 0 && !(content.Length > 1 && content[0] == 0x1f && content[1] == 0x8b)) content = Gzip(content);
            File.WriteAllBytes(path, content);
            Task<(Exception? Error, long Allocated)> attempt = Task.Run(() =>
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                try
                {
                    read(path);
                    return ((Exception?)null, GC.GetAllocatedBytesForCurrentThread() - before);
                }
                catch (Exception e)
                {
                    return ((Exception?)e, GC.GetAllocatedBytesForCurrentThread() - before);
                }
            });
            (Exception? error, long allocated) result;
            try
            {
                result = await attempt.WaitAsync(Hang);
            }
            catch (TimeoutException)
            {
                wrong.Add($"case {c}: no answer within {Hang.TotalSeconds} s");
                break;
            }
            (Exception? error, long allocated) = result;
            mostAllocated = Math.Max(mostAllocated, allocated);
            if (allocated > AllocationLimit) wrong.Add($"case {c}: allocated {allocated >> 20} MiB for a {content.Length}-byte file");
            if (error is DataFormatException dfe)
            {
                rejected++;
                if (!dfe.Message.StartsWith(path, StringComparison.Ordinal) || dfe.Message.Contains('\n'))
                    wrong.Add($"case {c}: message must be one line starting with the file name; got '{dfe.Message}'");
            }
            else if (error is not null) wrong.Add($"case {c}: {error.GetType().Name}: {error.Message}");
        }
        output.WriteLine($"{format}: {CasesPerFormat} mutated files, {rejected} rejected with the documented error, {CasesPerFormat - rejected} still valid, "
                         + $"largest allocation {mostAllocated / 1024} KiB");
        Assert.True(wrong.Count == 0, string.Join("\n", wrong.Take(10)));
        Assert.True(rejected > CasesPerFormat / 4, $"only {rejected} of {CasesPerFormat} mutations were rejected: the mutator is too gentle to test anything");
    }

    private static byte[] Gzip(byte[] data)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(buffer, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(data);
        return buffer.ToArray();
    }
}
