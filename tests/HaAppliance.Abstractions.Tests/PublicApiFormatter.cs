using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;

namespace HaAppliance.Abstractions.Tests;

/// <summary>
/// The public surface of an assembly as sorted text, one line per type and per member, so a diff shows what a
/// change does to plugins compiled against it: types with their kind, base types and attributes that change
/// behaviour; constructors, methods, properties (with get / set / init), fields, events and enum values, with
/// nullable annotations, default values and generic constraints. Protected members count where a plugin may derive.
/// </summary>
internal static class PublicApiFormatter
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly Dictionary<Type, string> Keywords = new()
    {
        [typeof(void)] = "void", [typeof(object)] = "object", [typeof(string)] = "string", [typeof(bool)] = "bool",
        [typeof(byte)] = "byte", [typeof(sbyte)] = "sbyte", [typeof(short)] = "short", [typeof(ushort)] = "ushort",
        [typeof(int)] = "int", [typeof(uint)] = "uint", [typeof(long)] = "long", [typeof(ulong)] = "ulong",
        [typeof(float)] = "float", [typeof(double)] = "double", [typeof(decimal)] = "decimal", [typeof(char)] = "char",
        [typeof(nint)] = "nint", [typeof(nuint)] = "nuint",
    };

    /// <summary>Attributes that change what a plugin author sees or how a type behaves on the wire.</summary>
    private static readonly HashSet<string> ShownAttributes = new(StringComparer.Ordinal)
    {
        "System.ObsoleteAttribute",
        "System.FlagsAttribute",
        "System.Text.Json.Serialization.JsonConverterAttribute",
    };

    public static string Format(Assembly assembly)
    {
        var sb = new StringBuilder();
        foreach (var type in assembly.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            foreach (var attribute in Attributes(type.CustomAttributes))
            {
                sb.Append(attribute).Append('\n');
            }

            sb.Append(TypeHeader(type)).Append('\n');
            // Enum values in the order of their values; other members by name, then by signature (overloads).
            var members = type.IsEnum ? Members(type) : Members(type).OrderBy(m => m.Name, StringComparer.Ordinal).ThenBy(m => m.Line, StringComparer.Ordinal);
            foreach (var (_, line) in members)
            {
                sb.Append("  ").Append(line).Append('\n');
            }
        }

        return sb.ToString();
    }

    private static IEnumerable<string> Attributes(IEnumerable<CustomAttributeData> attributes) =>
        attributes
            .Where(a => ShownAttributes.Contains(a.AttributeType.FullName!))
            .Select(a => $"[{Name(a.AttributeType)}({string.Join(", ", a.ConstructorArguments.Select(Literal))})]")
            .Order(StringComparer.Ordinal);

    private static string TypeHeader(Type type)
    {
        var sb = new StringBuilder("public ");
        if (type.IsEnum)
        {
            sb.Append("enum ").Append(Name(type)).Append(" : ").Append(Name(Enum.GetUnderlyingType(type)));
            return sb.ToString();
        }

        if (type.IsSubclassOf(typeof(Delegate)))
        {
            var invoke = type.GetMethod("Invoke")!;
            sb.Append("delegate ").Append(Name(invoke.ReturnParameter)).Append(' ').Append(Name(type)).Append(Parameters(invoke));
            return sb.ToString();
        }

        var isRecord = type.IsValueType ? IsRecordStruct(type) : type.GetMethod("<Clone>$") is not null;
        if (type.IsInterface)
        {
            sb.Append("interface ");
        }
        else if (type.IsValueType)
        {
            sb.Append(type.IsDefined(typeof(IsReadOnlyAttribute)) ? "readonly " : "").Append(isRecord ? "record struct " : "struct ");
        }
        else
        {
            sb.Append(type is { IsAbstract: true, IsSealed: true } ? "static " : type.IsAbstract ? "abstract " : type.IsSealed ? "sealed " : "");
            sb.Append(isRecord ? "record " : "class ");
        }

        sb.Append(Name(type)).Append(Constraints(type.GetGenericArguments()));
        var bases = new List<string>();
        if (type.BaseType is { } b && b != typeof(object) && b != typeof(ValueType))
        {
            bases.Add(Name(b));
        }

        var inherited = type.BaseType?.GetInterfaces() ?? [];
        bases.AddRange(type.GetInterfaces().Where(i => !inherited.Contains(i)).Select(Name).Order(StringComparer.Ordinal));
        if (bases.Count > 0)
        {
            sb.Append(" : ").Append(string.Join(", ", bases));
        }

        return sb.ToString();
    }

    /// <summary>A record struct has the compiler's PrintMembers and a public op_Equality; a plain struct has neither.</summary>
    private static bool IsRecordStruct(Type type) =>
        type.GetMethod("PrintMembers", Declared) is not null && type.GetMethod("op_Equality", Declared) is not null;

    private static IEnumerable<(string Name, string Line)> Members(Type type)
    {
        if (type.IsEnum)
        {
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static).OrderBy(f => Convert.ToInt64(f.GetRawConstantValue(), System.Globalization.CultureInfo.InvariantCulture)))
            {
                yield return (field.Name, $"{field.Name} = {Convert.ToInt64(field.GetRawConstantValue(), System.Globalization.CultureInfo.InvariantCulture)}");
            }

            yield break;
        }

        if (type.IsSubclassOf(typeof(Delegate)))
        {
            yield break;
        }

        foreach (var ctor in type.GetConstructors(Declared).Where(Visible))
        {
            yield return (".ctor", $"{Access(ctor)}{(ctor.IsStatic ? "static " : "")}{Name(type, withArguments: false)}{Parameters(ctor)}");
        }

        foreach (var method in type.GetMethods(Declared).Where(Visible))
        {
            if (method.IsSpecialName && !method.Name.StartsWith("op_", StringComparison.Ordinal))
            {
                continue; // accessors appear with their property or event
            }

            yield return (method.Name, $"{Access(method)}{Modifiers(method, type)}{Name(method.ReturnParameter)} {method.Name}{GenericParameters(method)}{Parameters(method)}{Constraints(method.GetGenericArguments())}");
        }

        foreach (var property in type.GetProperties(Declared))
        {
            var get = property.GetMethod is { } g && Visible(g) ? g : null;
            var set = property.SetMethod is { } s && Visible(s) ? s : null;
            if (get is null && set is null)
            {
                continue;
            }

            var any = (get ?? set)!;
            var accessors = new StringBuilder("{ ");
            if (get is not null)
            {
                accessors.Append("get; ");
            }

            if (set is not null)
            {
                var init = set.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit));
                accessors.Append(init ? "init; " : "set; ");
            }

            accessors.Append('}');
            var required = property.IsDefined(typeof(RequiredMemberAttribute)) ? "required " : "";
            var indexer = property.GetIndexParameters() is { Length: > 0 } index ? $"this[{string.Join(", ", index.Select(Parameter))}]" : property.Name;
            yield return (property.Name, $"{Access(any)}{required}{Modifiers(any, type)}{Name(new NullabilityInfoContext().Create(property), property.PropertyType)} {indexer} {accessors}");
        }

        foreach (var field in type.GetFields(Declared).Where(f => f.IsPublic || (!type.IsSealed && (f.IsFamily || f.IsFamilyOrAssembly))))
        {
            var kind = field.IsLiteral ? "const " : field.IsStatic ? (field.IsInitOnly ? "static readonly " : "static ") : field.IsInitOnly ? "readonly " : "";
            var value = field.IsLiteral ? " = " + Literal(field.GetRawConstantValue()) : "";
            yield return (field.Name, $"{(field.IsPublic ? "public " : "protected ")}{kind}{Name(new NullabilityInfoContext().Create(field), field.FieldType)} {field.Name}{value}");
        }

        foreach (var e in type.GetEvents(Declared).Where(e => e.AddMethod is { } add && Visible(add)))
        {
            yield return (e.Name, $"{Access(e.AddMethod!)}{Modifiers(e.AddMethod!, type)}event {Name(new NullabilityInfoContext().Create(e), e.EventHandlerType!)} {e.Name}");
        }

        bool Visible(MethodBase m) =>
            !m.Name.StartsWith('<') && (m.IsPublic || (!type.IsSealed && (m.IsFamily || m.IsFamilyOrAssembly)));
    }

    private static string Access(MethodBase m) => m.IsPublic ? "public " : "protected ";

    private static string Modifiers(MethodInfo m, Type declaring)
    {
        if (m.IsStatic)
        {
            return "static ";
        }

        if (declaring.IsInterface)
        {
            return m.IsAbstract ? "" : "virtual ";
        }

        var isOverride = m.GetBaseDefinition().DeclaringType != m.DeclaringType;
        if (m.IsAbstract)
        {
            return isOverride ? "abstract override " : "abstract ";
        }

        if (isOverride)
        {
            return m.IsFinal ? "sealed override " : "override ";
        }

        return m.IsVirtual && !m.IsFinal ? "virtual " : "";
    }

    private static string GenericParameters(MethodInfo method) =>
        method.IsGenericMethodDefinition ? $"<{string.Join(", ", method.GetGenericArguments().Select(a => a.Name))}>" : "";

    private static string Constraints(Type[] arguments)
    {
        var sb = new StringBuilder();
        foreach (var argument in arguments.Where(a => a.IsGenericParameter))
        {
            var parts = new List<string>();
            var attributes = argument.GenericParameterAttributes;
            if (attributes.HasFlag(GenericParameterAttributes.NotNullableValueTypeConstraint))
            {
                parts.Add("struct");
            }
            else if (attributes.HasFlag(GenericParameterAttributes.ReferenceTypeConstraint))
            {
                parts.Add("class");
            }

            parts.AddRange(argument.GetGenericParameterConstraints().Where(c => c != typeof(ValueType)).Select(Name).Order(StringComparer.Ordinal));
            if (attributes.HasFlag(GenericParameterAttributes.DefaultConstructorConstraint) && !attributes.HasFlag(GenericParameterAttributes.NotNullableValueTypeConstraint))
            {
                parts.Add("new()");
            }

            if (parts.Count > 0)
            {
                sb.Append(" where ").Append(argument.Name).Append(" : ").Append(string.Join(", ", parts));
            }
        }

        return sb.ToString();
    }

    private static string Parameters(MethodBase method)
    {
        var extension = method.IsDefined(typeof(ExtensionAttribute));
        return "(" + string.Join(", ", method.GetParameters().Select((p, i) => (i == 0 && extension ? "this " : "") + Parameter(p))) + ")";
    }

    private static string Parameter(ParameterInfo p)
    {
        var sb = new StringBuilder();
        if (p.IsDefined(typeof(ParamArrayAttribute)))
        {
            sb.Append("params ");
        }

        if (p.ParameterType.IsByRef)
        {
            sb.Append(p.IsOut ? "out " : p.IsIn ? "in " : "ref ");
        }

        foreach (var attribute in p.CustomAttributes.Where(a => a.AttributeType.Namespace == "System.Diagnostics.CodeAnalysis"))
        {
            sb.Append('[').Append(attribute.AttributeType.Name.Replace("Attribute", "", StringComparison.Ordinal));
            if (attribute.ConstructorArguments.Count > 0)
            {
                sb.Append('(').Append(string.Join(", ", attribute.ConstructorArguments.Select(Literal))).Append(')');
            }

            sb.Append("] ");
        }

        sb.Append(Name(p)).Append(' ').Append(p.Name);
        if (p.HasDefaultValue)
        {
            sb.Append(" = ").Append(Literal(p.RawDefaultValue));
        }

        return sb.ToString();
    }

    private static string Literal(CustomAttributeTypedArgument argument) =>
        argument.Value is Type t ? $"typeof({Name(t)})" : Literal(argument.Value);

    private static string Literal(object? value) => value switch
    {
        null => "null",
        string s => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"",
        bool b => b ? "true" : "false",
        char c => $"'{c}'",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Name(ParameterInfo p) => Name(new NullabilityInfoContext().Create(p), p.ParameterType);

    /// <summary>A type as C# writes it, with <c>?</c> where the nullable annotations say so.</summary>
    private static string Name(NullabilityInfo? nullability, Type type)
    {
        if (type.IsByRef)
        {
            return Name(nullability, type.GetElementType()!);
        }

        if (type.IsArray)
        {
            return Name(nullability?.ElementType, type.GetElementType()!) + "[" + new string(',', type.GetArrayRank() - 1) + "]" + NullableMark(nullability, type);
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return Name(null, underlying) + "?";
        }

        if (type.IsGenericType && !type.IsGenericTypeDefinition)
        {
            var arguments = type.GetGenericArguments();
            var names = arguments.Select((a, i) => Name(nullability is { GenericTypeArguments.Length: var n } && n == arguments.Length ? nullability.GenericTypeArguments[i] : null, a));
            return GenericName(type) + "<" + string.Join(", ", names) + ">" + NullableMark(nullability, type);
        }

        return Name(type) + NullableMark(nullability, type);
    }

    private static string NullableMark(NullabilityInfo? nullability, Type type) =>
        !type.IsValueType && nullability?.ReadState == NullabilityState.Nullable ? "?" : "";

    private static string Name(Type type) => Name(type, withArguments: true);

    private static string Name(Type type, bool withArguments)
    {
        if (Keywords.TryGetValue(type, out var keyword))
        {
            return keyword;
        }

        if (type.IsGenericParameter)
        {
            return type.Name;
        }

        if (type.IsGenericType && withArguments)
        {
            return GenericName(type) + "<" + string.Join(", ", type.GetGenericArguments().Select(Name)) + ">";
        }

        var name = StripArity(type.Name);
        return !withArguments ? name : type.IsNested ? Name(type.DeclaringType!) + "." + name : $"{type.Namespace}.{name}";
    }

    private static string GenericName(Type type)
    {
        var name = StripArity(type.Name);
        return type.IsNested ? Name(type.DeclaringType!, withArguments: false) + "." + name : $"{type.Namespace}.{name}";
    }

    private static string StripArity(string name) => name.IndexOf('`', StringComparison.Ordinal) is var tick and >= 0 ? name[..tick] : name;
}
