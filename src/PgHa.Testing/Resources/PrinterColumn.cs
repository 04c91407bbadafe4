namespace PgHa.Testing.Resources;

/// <summary>
/// One column of the server-side table that <c>kubectl get</c> asks for: a CRD's
/// <c>additionalPrinterColumns</c> entry, or one of the columns the server defines for a built-in kind.
/// </summary>
/// <param name="Name">Column header, e.g. <c>CLUSTER-IP</c>.</param>
/// <param name="Type">OpenAPI type of the cell: <c>string</c>, <c>integer</c>, <c>number</c>, <c>boolean</c> or <c>date</c>.</param>
/// <param name="JsonPath">A simple JSONPath into the object, e.g. <c>.spec.clusterIP</c>.</param>
/// <param name="Priority">0 for the default view, higher for <c>-o wide</c> only.</param>
/// <param name="Format">OpenAPI format of the cell (<c>name</c>, <c>int32</c>, ...), if any.</param>
/// <param name="Description">Column description shown in the table header definition.</param>
internal sealed record PrinterColumn(string Name, string Type, string JsonPath, int Priority = 0, string? Format = null, string? Description = null);
