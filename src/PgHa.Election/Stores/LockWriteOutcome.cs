namespace PgHa.Election.Stores;

/// <summary>How a lock write ended.</summary>
public enum LockWriteOutcome
{
    /// <summary>The write was applied; the result carries the new snapshot.</summary>
    Written,

    /// <summary>Someone else wrote first (409), or the object appeared or disappeared meanwhile: a normal outcome of a race. Read again.</summary>
    Conflict,

    /// <summary>The API failed (5xx, timeout, transport error, 403 ...): the write may or may not have happened. The result carries the error.</summary>
    Failed,
}
