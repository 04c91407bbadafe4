namespace PgHa.Testing.Validation;

/// <summary>Kube's <c>IsValidPortName</c> (an IANA service name), used for named target ports.</summary>
internal static class PortNameValidation
{
    public static IReadOnlyList<string> IsValidPortName(string port)
    {
        var errors = new List<string>();
        if (port.Length > 15)
        {
            errors.Add(NameValidation.MaxLengthError(15));
        }

        var letter = false;
        var allowed = true;
        foreach (var c in port)
        {
            if (c is >= 'a' and <= 'z')
            {
                letter = true;
            }
            else if (c is not (>= '0' and <= '9') and not '-')
            {
                allowed = false;
            }
        }

        if (!allowed)
        {
            errors.Add("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
        }

        if (!letter)
        {
            errors.Add("must contain at least one letter (a-z)");
        }

        if (port.Contains("--", StringComparison.Ordinal))
        {
            errors.Add("must not contain consecutive hyphens");
        }

        if (port.Length > 0 && (port[0] == '-' || port[^1] == '-'))
        {
            errors.Add("must not begin or end with a hyphen");
        }

        return errors;
    }
}
