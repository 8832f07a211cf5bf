namespace ReluStudy.Core.Studies;

/// <summary>A run the plan cannot make on this machine (its arrays do not fit): one line naming the run, the setting, the rule
/// and the value; nothing was written.</summary>
public sealed class PlanException(string message) : Exception(message);
