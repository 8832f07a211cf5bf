using System.Diagnostics;
using System.Text.Json;
using ReluStudy.Core.Output;
using ReluStudy.Core.Platform;

namespace ReluStudy.Tests.Output;

/// <summary>safetensors files: a round trip, and a run's exported weights read by an independent Python reader.</summary>
public class SafeTensorsTests
{
    [Fact]
    public void WriteThenReadGivesTheSameTensorsAndMetadata()
    {
        string path = Path.Combine(TestPaths.TempFolder(), "t.safetensors");
        float[] a = [1, -2.5f, 3, 4, 5, 6];
        SafeTensors.Write(path, [Tensor.Float32("a", [2, 3], a), new Tensor("b", "F64", [1], BitConverter.GetBytes(0.25))],
            new Dictionary<string, string> { ["k"] = "v" });
        (IReadOnlyList<Tensor> tensors, IReadOnlyDictionary<string, string> metadata) = SafeTensors.Read(path);
        Assert.Equal(a, tensors[0].AsFloat32());
        Assert.Equal([2L, 3L], tensors[0].Shape);
        Assert.Equal(0.25, BitConverter.ToDouble(tensors[1].Data));
        Assert.Equal("v", metadata["k"]);
        Assert.Equal(0, (new FileInfo(path).Length - 8 - (long)BitConverter.ToUInt64(File.ReadAllBytes(path), 0)) % 4);
    }

    [Fact]
    public void ATruncatedFileIsRefusedNamingIt()
    {
        string path = Path.Combine(TestPaths.TempFolder(), "t.safetensors");
        SafeTensors.Write(path, [Tensor.Float32("a", [4], [1, 2, 3, 4])], new Dictionary<string, string>());
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^4]);
        var e = Assert.Throws<InvalidDataException>(() => SafeTensors.Read(path));
        Assert.Contains(path, e.Message);
    }

    [FactNeeds(Need.Python)]
    public void ExportedWeightsReadByPythonMatchTheRun()
    {
        string root = TestPaths.TempFolder();
        string run = Path.Combine(root, "run");
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = ReluStudy.Cli.Program.Run(["train", "--n", "100", "--depth", "2", "--width", "6,10", "--iterations", "5",
            "--data-dir", TestPaths.ShippedData, "--out", run], stdout, stderr);
        Assert.True(code == 0, stderr.ToString());
        string exported = Path.Combine(root, "weights.safetensors");
        Assert.Equal(0, ReluStudy.Cli.Program.Run(["export", run, "--out", exported], stdout, stderr));
        (IReadOnlyList<Tensor> tensors, IReadOnlyDictionary<string, string> metadata) = SafeTensors.Read(exported);
        Assert.Equal(["W1", "W2", "v"], tensors.Select(t => t.Name));
        Assert.Equal("5", metadata["iteration"]);

        var start = new ProcessStartInfo(ProgramPath.Find("python3")!) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(TestPaths.Repo, "tests", "ReluStudy.Tests", "Output", "read_safetensors.py"));
        start.ArgumentList.Add(exported);
        using (Process p = Process.Start(start)!)
        {
            string json = p.StandardOutput.ReadToEnd();
            string err = p.StandardError.ReadToEnd();
            p.WaitForExit();
            Assert.True(p.ExitCode == 0, err);
            using JsonDocument read = JsonDocument.Parse(json);
            Assert.Equal("5", read.RootElement.GetProperty("metadata").GetProperty("iteration").GetString());
            foreach (Tensor t in tensors)
            {
                JsonElement e = read.RootElement.GetProperty("tensors").GetProperty(t.Name);
                Assert.Equal(t.Shape, e.GetProperty("shape").EnumerateArray().Select(s => s.GetInt64()));
                float[] values = t.AsFloat32();
                Assert.Equal((double)values[0], e.GetProperty("first").GetDouble());
                double sum = values.Sum(v => (double)v);
                Assert.Equal(sum, e.GetProperty("sum").GetDouble(), 1e-9 * Math.Max(1, Math.Abs(sum)));
            }
            Assert.Equal([785L, 6L], read.RootElement.GetProperty("tensors").GetProperty("W1").GetProperty("shape").EnumerateArray().Select(s => s.GetInt64()));
        }
    }
}
