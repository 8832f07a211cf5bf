namespace ReluStudy.Core.Data;

/// <summary>
/// A data file or data request that cannot be used; the message names the input, the rule and the value.
/// <see cref="IsBadOption"/> marks a bad command-line value (such as --n larger than the data) rather than a bad file.
/// </summary>
public sealed class DataFormatException(string message, bool isBadOption = false) : Exception(message)
{
    public bool IsBadOption { get; } = isBadOption;

    public static DataFormatException InFile(string path, string problem) => new($"{path}: {problem}");

    public static DataFormatException BadOption(string message) => new(message, isBadOption: true);
}
