namespace PgHa.Testing.Tables;

/// <summary>The node kinds of client-go's JSONPath that a printer column path can use.</summary>
internal enum JsonPathStepKind
{
    /// <summary><c>.name</c> (or <c>['name']</c>): a key of each map.</summary>
    Field,

    /// <summary><c>.*</c>: every value of each map, element of each array.</summary>
    Wildcard,

    /// <summary><c>..</c>: each container and everything below it.</summary>
    Recursive,

    /// <summary><c>[i]</c>, <c>[a:b:c]</c>, <c>[*]</c>: elements of each array.</summary>
    Slice,

    /// <summary><c>[?(@.a == "x")]</c> or <c>[?(@.a)]</c>: the elements of each array that pass.</summary>
    Filter,

    /// <summary><c>[a,b]</c>: the results of several bracket expressions, concatenated.</summary>
    Union,

    /// <summary>A string, number or boolean literal (filter operands): replaces the values with itself.</summary>
    Literal,
}
