using ReluStudy.Core.Training;
using System.Buffers.Binary;
using ReluStudy.Cli;

namespace ReluStudy.Tests.Cli;

/// <summary>
/// The bad-input matrix: every bad data file and every bad setting ends `relustudy train` with one line
/// naming the input, the rule and the value, its documented exit code, and no output folder.
/// </summary>
public class BadInputTests
{
    private const int Images = 40, Side = 28;

    /// <summary>A name, a way to spoil a valid data folder (or options), the expected exit code and message part.</summary>
    public sealed record Case(string Name, Func<string, string[]> Arrange, int Code, string Message)
    {
        public override string ToString() => Name;
    }

    private static byte[] Idx(int magic, int[] dims, Func<int, byte> value)
    {
        int payload = dims.Aggregate(1, (a, b) => a * b);
        var data = new byte[4 + 4 * dims.Length + payload];
        BinaryPrimitives.WriteInt32BigEndian(data, magic);
        for (int i = 0; i < dims.Length; i++) BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(4 + 4 * i), dims[i]);
        for (int i = 0; i < payload; i++) data[4 + 4 * dims.Length + i] = value(i);
        return data;
    }

    private static byte[] MnistImages(int count = Images) => Idx(0x803, [count, Side, Side], i => (byte)(i * 37 % 253));
    private static byte[] MnistLabels(int count = Images, Func<int, byte>? label = null) => Idx(0x801, [count], label ?? (i => (byte)(i % 2 == 0 ? 3 : 8)));

    /// <summary>
    /// A depth at which m = 40000 needs more than this machine has: each hidden layer past the first keeps its 40000²
    /// weights three times in float32 (12 · 1.6·10⁹ bytes), each array within .NET's limit, so only the total is too large
    /// (3 on a 24 GiB machine).
    /// </summary>
    private static string DepthBeyondMemory => (2 + (long)(ReluStudy.Core.Platform.MemorySize.Available / (12.0 * 40000 * 40000))).ToString();

    /// <summary>A valid four-file MNIST folder under <paramref name="root"/>/mnist with the given train files.</summary>
    private static string[] Mnist(string root, byte[]? images = null, byte[]? labels = null, bool gzip = false, Action<string>? spoil = null)
    {
        string folder = Path.Combine(root, "mnist");
        Directory.CreateDirectory(folder);
        void Write(string name, byte[] data)
        {
            if (gzip) TestPaths.WriteGzip(Path.Combine(folder, name + ".gz"), data);
            else File.WriteAllBytes(Path.Combine(folder, name), data);
        }
        Write("train-images-idx3-ubyte", images ?? MnistImages());
        Write("train-labels-idx1-ubyte", labels ?? MnistLabels());
        Write("t10k-images-idx3-ubyte", MnistImages(10));
        Write("t10k-labels-idx1-ubyte", MnistLabels(10));
        spoil?.Invoke(folder);
        return ["--data-dir", root, "--n", "20"];
    }

    private static byte[] CifarRecords(int count, Func<int, byte>? label = null)
    {
        var data = new byte[count * 3073];
        for (int r = 0; r < count; r++)
        {
            data[r * 3073] = label?.Invoke(r) ?? (byte)(r % 2 == 0 ? 3 : 8);
            for (int j = 1; j < 3073; j++) data[r * 3073 + j] = (byte)((r * 3073 + j) * 31 % 251);
        }
        return data;
    }

    private static string[] Cifar(string root, byte[] train)
    {
        string folder = Path.Combine(root, "cifar-10-batches-bin");
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, "data_batch_1.bin"), train);
        File.WriteAllBytes(Path.Combine(folder, "test_batch.bin"), CifarRecords(4));
        return ["--dataset", "cifar10", "--classes", "cat,ship", "--data-dir", root, "--n", "10"];
    }

    private static string[] Csv(string root, params string[] lines)
    {
        string path = Path.Combine(root, "data.csv");
        File.WriteAllText(path, string.Join("\n", lines) + "\n");
        return ["--dataset", $"csv:{path}", "--classes", "a,b", "--n", "4"];
    }

    private static readonly string[] GoodCsv = ["a,1,2,3", "b,4,5,6", "a,7,8,9", "b,1,0,1", "a,2,2,2", "b,3,1,3"];

    public static TheoryData<Case> Cases() =>
    [
        // Data files (exit 3)
        new("IDX wrong magic", r => Mnist(r, images: Idx(0x801, [Images, Side, Side], _ => 0)), ExitCodes.BadData,
            "train-images-idx3-ubyte: IDX magic must be 0x00000803; got 0x00000801"),
        new("IDX zero dimension", r => Mnist(r, images: Idx(0x803, [Images, 0, Side], _ => 0)), ExitCodes.BadData,
            "IDX dimension 1 must be in 1..4096; got 0"),
        new("IDX dimensions larger than the file", r => Mnist(r, images: [0, 0, 8, 3, 0, 0x10, 0, 0, 0, 0, 0, 28, 0, 0, 0, 28]), ExitCodes.BadData,
            "IDX header 1048576x28x28 declares 822083584 bytes of data; file holds 0"), // refused before allocating
        new("IDX label count differs from image count", r => Mnist(r, labels: MnistLabels(Images - 1)), ExitCodes.BadData,
            $"label count must equal the image count ({Images}) of train-images-idx3-ubyte; got {Images - 1}"),
        new("IDX truncated file", r => Mnist(r, images: MnistImages()[..^100]), ExitCodes.BadData,
            $"IDX header {Images}x28x28 declares {Images * 784} bytes of data; file holds {Images * 784 - 100}"),
        new("IDX truncated gzip", r => Mnist(r, gzip: true, spoil: f =>
        {
            string path = Path.Combine(f, "train-images-idx3-ubyte.gz");
            File.WriteAllBytes(path, File.ReadAllBytes(path)[..^6]);
        }), ExitCodes.BadData, "train-images-idx3-ubyte.gz: gzip stream is truncated"),
        new("IDX corrupt gzip", r => Mnist(r, gzip: true, spoil: f =>
        {
            string path = Path.Combine(f, "train-labels-idx1-ubyte.gz");
            byte[] bytes = File.ReadAllBytes(path);
            bytes[12] ^= 0xff;
            File.WriteAllBytes(path, bytes);
        }), ExitCodes.BadData, "train-labels-idx1-ubyte.gz: "),
        new("MNIST label out of range", r => Mnist(r, labels: MnistLabels(label: i => (byte)(i == 7 ? 11 : i % 2 == 0 ? 3 : 8))), ExitCodes.BadData,
            "label 7 must be a digit 0..9; got 11"),
        new("CIFAR label out of range", r => Cifar(r, CifarRecords(24, i => (byte)(i == 5 ? 12 : i % 2 == 0 ? 3 : 8))), ExitCodes.BadData,
            "data_batch_1.bin: record 5: label must be 0..9; got 12"),
        new("CIFAR truncated record", r => Cifar(r, CifarRecords(24)[..^1]), ExitCodes.BadData,
            "data_batch_1.bin: CIFAR-10 binary length must be a positive multiple of 3073; got 73751 bytes"),
        new("CSV ragged rows", r => Csv(r, "a,1,2,3", "b,4,5,6", "a,7,8", "b,1,0,1"), ExitCodes.BadData,
            "data.csv: line 3: every row must have the first row's 4 columns; got 3 (ragged rows)"),
        new("CSV non-numeric feature", r => Csv(r, [.. GoodCsv, "a,1,x7,3"]), ExitCodes.BadData,
            "data.csv: line 7: feature 2 must be a finite number; got 'x7'"),
        new("CSV NaN feature", r => Csv(r, [.. GoodCsv[..2], "a,NaN,1,1", .. GoodCsv[2..]]), ExitCodes.BadData,
            "data.csv: line 3: feature 1 must be a finite number; got 'NaN'"),
        new("CSV infinite feature", r => Csv(r, [.. GoodCsv, "b,1,2,1e999"]), ExitCodes.BadData,
            "data.csv: line 7: feature 3 must be a finite number; got '1e999'"),
        new("CSV empty", r => Csv(r, ""), ExitCodes.BadData, "data.csv: file is empty"),
        new("Duplicates across classes (phi = 0)", r => Csv(r, "a,1,2,3", "b,4,5,6", "a,7,8,9", "b,7,8,9"), ExitCodes.BadData,
            "examples 2 and 3 (0-based, in file order; classes a and b) must differ, but their inputs are identical: phi = 0 violates the papers' data assumption"),

        // Requests the data cannot meet (exit 2)
        new("A class with no examples", r => Mnist(r, labels: MnistLabels(label: _ => 3)), ExitCodes.BadOption,
            "--classes: class '8' has no examples in"),
        new("n larger than available", r => [.. Mnist(r), "--n", "1000"], ExitCodes.BadOption, "--n: a balanced subset of 1000 needs 500 of class 3"),
        new("Unknown CIFAR class", r => [.. Cifar(r, CifarRecords(24)), "--classes", "cat,zebra"], ExitCodes.BadOption,
            "--classes: CIFAR-10 classes are airplane,automobile,bird,cat,deer,dog,frog,horse,ship,truck or 0..9; got 'zebra'"),
        new("Unknown data set", r => [.. Mnist(r), "--dataset", "svhn"], ExitCodes.BadOption, "--dataset: must be mnist, cifar10 or csv:PATH; got 'svhn'"),

        // Configuration (exit 2)
        new("Width zero", r => [.. Mnist(r), "--width", "0"], ExitCodes.BadOption, "--width: every width must be an integer >= 1; got '0'"),
        new("Depth zero", r => [.. Mnist(r), "--depth", "0"], ExitCodes.BadOption, "--depth: "),
        new("Negative step", r => [.. Mnist(r), "--lr", "-0.1"], ExitCodes.BadOption, "--lr: must be a finite number > 0; got '-0.1'"),
        new("Negative iterations", r => [.. Mnist(r), "--iterations", "-5"], ExitCodes.BadOption, "--iterations: "),
        new("Batch zero", r => [.. Mnist(r), "--optimizer", "sgd", "--batch", "0"], ExitCodes.BadOption, "--batch: "),
        new("Batch larger than n", r => [.. Mnist(r), "--optimizer", "sgd", "--batch", "21"], ExitCodes.BadOption, "--batch: "),
        new("Batch with full-batch GD", r => [.. Mnist(r), "--batch", "4"], ExitCodes.BadOption,
            "--batch: applies only to --optimizer sgd (gd uses all n examples); got '4'"),
        new("mu without the paper preprocessing", r => [.. Mnist(r), "--preprocess", "none", "--mu", "0.5"], ExitCodes.BadOption,
            "--mu: applies only to --preprocess paper; got '0.5' with --preprocess none"),

        // Values beyond the matrix above, as a new user tried them (issue 20)
        new("Step whose product with the width overflows", r => [.. Mnist(r), "--lr", "1e308"], ExitCodes.BadOption,
            "--lr: step * width must be finite; got 1E+308 * 16"),
        new("Width whose weights no array holds", r => [.. Mnist(r), "--width", "100000000"], ExitCodes.BadOption,
            "--width: layer 1's weights 785 x 100000000 = 7.85E+10 entries, more than one .NET array holds"),
        new("Network larger than the machine's memory", r => [.. Mnist(r), "--depth", DepthBeyondMemory, "--width", "40000", "--predict", "off"], ExitCodes.BadOption,
            "memory: the run needs about "),
        new("More threads than processors", r => [.. Mnist(r), "--threads", "1000"], ExitCodes.BadOption,
            $"--threads: must be an integer in 1..{Environment.ProcessorCount} (this machine's logical processors); got '1000'"),
    ];

    /// <summary>train with a small network, then the case's options; a later value of an option replaces an earlier one.</summary>
    private static string[] Train(string outDir, string[] options)
    {
        var merged = new Dictionary<string, string> { ["--depth"] = "2", ["--width"] = "16", ["--iterations"] = "3", ["--out"] = outDir };
        for (int i = 0; i + 1 < options.Length; i += 2) merged[options[i]] = options[i + 1];
        return ["train", .. merged.SelectMany(p => new[] { p.Key, p.Value })];
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void IsOneLineNamingInputRuleAndValue_WithItsExitCode_AndNothingWritten(Case bad)
    {
        string root = TestPaths.TempFolder();
        string[] data = bad.Arrange(root);
        string outDir = Path.Combine(root, "run");
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = Program.Run(Train(outDir, data), stdout, stderr);
        string err = stderr.ToString().Trim();
        Assert.True(code == bad.Code, $"exit {code}, expected {bad.Code}: {err}");
        Assert.Contains(bad.Message, err);
        Assert.Single(err.Split('\n'));
        Assert.StartsWith("error: ", err);
        Assert.False(Directory.Exists(outDir), "the output folder was created");
    }

    [Theory]
    [InlineData("duplicated option", new[] { "--lr", "0.01", "--lr", "0.02" }, "--lr: may be given once; got it twice")]
    [InlineData("duplicated option with a list value", new[] { "--classes", "3,8", "--classes", "3,3" }, "--classes: may be given once; got it twice")]
    [InlineData("unknown option with a value", new[] { "--bogus", "3,3" }, "--bogus: unknown option; valid options are ")]
    public void AMistakenOptionIsOneLine_NotASecondMisleadingOne(string name, string[] options, string message)
    {
        string root = TestPaths.TempFolder();
        var stderr = new StringWriter();
        int code = Program.Run(["train", .. Mnist(root), "--depth", "2", "--width", "16", "--iterations", "3", "--out", Path.Combine(root, "run"), .. options],
            new StringWriter(), stderr);
        string err = stderr.ToString().Trim();
        Assert.True(code == ExitCodes.BadOption, $"{name}: exit {code}: {err}");
        Assert.StartsWith("error: " + message, err);
        Assert.Single(err.Split('\n'));
        Assert.False(Directory.Exists(Path.Combine(root, "run")));
    }

    /// <summary>
    /// A network that dies is not a success: its outputs are identically 0 and its loss log 2, so the run ends "collapsed"
    /// with the iteration, the layer and a hint, exit 8, and its rows up to there in a complete, readable folder.
    /// </summary>
    [Theory]
    [InlineData("too large a step", new[] { "--lr", "100" }, "the network collapsed at iteration ", "lower the step (--lr; step = 100)")]
    [InlineData("too deep for its width at initialisation", new[] { "--depth", "2000", "--lr", "0.01" }, "the network collapsed at initialisation: every unit of layer ",
        "L/m = 2000/16 is too large for ReLU layers to stay alive")]
    public void ACollapsedNetworkIsReportedAsSuch(string name, string[] options, string what, string hint)
    {
        string root = TestPaths.TempFolder();
        string outDir = Path.Combine(root, "run");
        var stderr = new StringWriter();
        int code = Program.Run(Train(outDir, [.. Mnist(root), "--iterations", "5", .. options]), new StringWriter(), stderr);
        string err = stderr.ToString().Trim().Split('\n')[^1];
        Assert.True(code == ExitCodes.Collapsed, $"{name}: exit {code}: {stderr}");
        Assert.StartsWith("error: " + what, err);
        Assert.Contains("so the outputs are identically 0 (loss = 0.693147) and no gradient flows", err);
        Assert.Contains(hint, err);
        var result = ReluStudy.Core.Results.RunResult.Read(outDir);
        Assert.Equal(ReluStudy.Core.Training.RunStatus.Collapsed, result.Status);
        Assert.True(result.Status.IsFinished() && !result.Status.IsUsableForFits());
        Assert.Equal(err["error: ".Length..], result.Record.Message);
    }

    [Fact]
    public void TheValidFoldersTheCasesSpoilAreGood()
    {
        foreach (Func<string, string[]> good in new Func<string, string[]>[] { r => Mnist(r), r => Mnist(r, gzip: true), r => Cifar(r, CifarRecords(24)), r => Csv(r, GoodCsv) })
        {
            string root = TestPaths.TempFolder();
            var stderr = new StringWriter();
            int code = Program.Run(Train(Path.Combine(root, "run"), good(root)), new StringWriter(), stderr);
            Assert.True(code == ExitCodes.Ok, stderr.ToString());
        }
    }

    [Fact]
    public void DataStats_ReportsCrossClassDuplicates_InsteadOfRefusingThem()
    {
        string root = TestPaths.TempFolder();
        string[] data = Csv(root, "a,1,2,3", "b,4,5,6", "a,7,8,9", "b,7,8,9");
        var stdout = new StringWriter();
        int code = Program.Run(["data", "stats", .. data], stdout, new StringWriter());
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("VIOLATED, phi = 0: 1 pair(s) of identical inputs with different labels", stdout.ToString());
    }
}
