namespace ReluStudy.Core.Results;

/// <summary>A results file that is not what its folder needs: the message names the file, the rule and what it held.</summary>
public sealed class ResultsFormatException(string message, Exception? inner = null) : Exception(message, inner);
