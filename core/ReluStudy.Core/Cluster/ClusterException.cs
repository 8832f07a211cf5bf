namespace ReluStudy.Core.Cluster;

/// <summary>Slurm is missing or refused a request; the message names the command, what it said and what to check.</summary>
public sealed class ClusterException(string message) : Exception(message);
