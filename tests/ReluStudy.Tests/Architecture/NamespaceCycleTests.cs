using System.Reflection;
using System.Reflection.Emit;
using ReluStudy.Core.Results;

namespace ReluStudy.Tests.Architecture;

/// <summary>
/// The core's namespaces form layers: no namespace depends, directly or through others, on one that depends on it. A
/// dependency is any use of a type in a signature, a base type or a method body (the IL's type, method and field tokens).
/// </summary>
public class NamespaceCycleTests
{
    private static readonly Assembly Core = typeof(ResultsLayout).Assembly;

    [Fact]
    public void TheCoresNamespacesHaveNoCycles()
    {
        Dictionary<string, HashSet<string>> uses = Dependencies();
        Assert.True(uses.ContainsKey("ReluStudy.Core.Training") && uses["ReluStudy.Core.Training"].Contains("ReluStudy.Core.Model"),
            "the scan must see Training's use of Model, or it sees nothing");
        List<List<string>> cycles = StronglyConnected(uses).Where(c => c.Count > 1).ToList();
        Assert.True(cycles.Count == 0, "namespace cycles: " + string.Join("; ", cycles.Select(c =>
            string.Join(", ", c.SelectMany(a => uses[a].Where(c.Contains).Select(b => $"{Short(a)} -> {Short(b)}"))))));
    }

    private static string Short(string ns) => ns["ReluStudy.Core.".Length..];

    /// <summary>Namespace → the other core namespaces its types use.</summary>
    private static Dictionary<string, HashSet<string>> Dependencies()
    {
        var uses = new Dictionary<string, HashSet<string>>();
        foreach (Type type in Core.GetTypes())
        {
            string? from = type.Namespace;
            if (from is null || !from.StartsWith("ReluStudy.Core.", StringComparison.Ordinal)) continue;
            HashSet<string> set = uses.TryGetValue(from, out var s) ? s : uses[from] = [];
            foreach (Type used in Referenced(type))
                if (used.Assembly == Core && used.Namespace is string to && to != from && to.StartsWith("ReluStudy.Core.", StringComparison.Ordinal))
                    set.Add(to);
        }
        return uses;
    }

    private const BindingFlags Everything = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static IEnumerable<Type> Referenced(Type type)
    {
        var found = new List<Type>();
        if (type.BaseType is { } b) found.Add(b);
        found.AddRange(type.GetInterfaces());
        found.AddRange(type.GetFields(Everything).Select(f => f.FieldType));
        found.AddRange(type.GetProperties(Everything).Select(p => p.PropertyType));
        foreach (MethodBase m in type.GetMethods(Everything).Cast<MethodBase>().Concat(type.GetConstructors(Everything)))
        {
            found.AddRange(m.GetParameters().Select(p => p.ParameterType));
            if (m is MethodInfo mi) found.Add(mi.ReturnType);
            found.AddRange(InBody(m));
        }
        return found.SelectMany(Flatten);
    }

    /// <summary>A type with its element and generic argument types.</summary>
    private static IEnumerable<Type> Flatten(Type t)
    {
        if (t.HasElementType && t.GetElementType() is { } e) return Flatten(e);
        if (!t.IsGenericType) return [t];
        return t.GetGenericArguments().SelectMany(Flatten).Append(t.IsGenericTypeDefinition ? t : t.GetGenericTypeDefinition());
    }

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    /// <summary>The types of the tokens a method's IL names: types, and the declaring types of methods and fields.</summary>
    private static IEnumerable<Type> InBody(MethodBase method)
    {
        byte[]? il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null) yield break;
        Type[]? typeArgs = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        Type[]? methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (int i = 0; i < il.Length;)
        {
            short value = il[i] == 0xFE ? (short)(0xFE00 | il[i + 1]) : il[i];
            i += il[i] == 0xFE ? 2 : 1;
            OpCode op = OpCodesByValue[value];
            if (op.OperandType is OperandType.InlineType or OperandType.InlineTok or OperandType.InlineMethod or OperandType.InlineField)
            {
                Type? t = null;
                try
                {
                    MemberInfo? member = method.Module.ResolveMember(BitConverter.ToInt32(il, i), typeArgs, methodArgs);
                    t = member as Type ?? member?.DeclaringType;
                }
                catch (ArgumentException)
                {
                    // a token into another module's generic context: not a core type's use
                }
                if (t is not null) yield return t;
            }
            i += op.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, i),
                _ => 4,
            };
        }
    }

    /// <summary>Tarjan's strongly connected components of the graph.</summary>
    private static List<List<string>> StronglyConnected(Dictionary<string, HashSet<string>> edges)
    {
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var components = new List<List<string>>();
        void Visit(string v)
        {
            index[v] = low[v] = index.Count;
            stack.Push(v);
            foreach (string w in edges.GetValueOrDefault(v, []))
            {
                if (!index.ContainsKey(w))
                {
                    Visit(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (stack.Contains(w)) low[v] = Math.Min(low[v], index[w]);
            }
            if (low[v] != index[v]) return;
            var component = new List<string>();
            string x;
            do component.Add(x = stack.Pop());
            while (x != v);
            components.Add(component);
        }
        foreach (string v in edges.Keys.Order(StringComparer.Ordinal))
            if (!index.ContainsKey(v)) Visit(v);
        return components;
    }
}
