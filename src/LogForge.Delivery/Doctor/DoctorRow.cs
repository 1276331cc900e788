namespace LogForge.Delivery.Doctor;

/// <summary>Pass: what a target needs is there. Fail: a required row that is not — exit 1. Warn: not there, but nothing asked for it
/// (e.g. the public registry from a machine without internet). NotNeeded: nothing configured asks for it; the detail says for what it
/// would be needed.</summary>
public enum DoctorVerdict { Pass, Warn, Fail, NotNeeded }

/// <summary>One thing the targets need: what was checked, the verdict, what was seen, what to do when it is not a pass, and which
/// targets need it.</summary>
public sealed record DoctorRow(string Check, DoctorVerdict Verdict, string Detail, string? Fix, string NeededBy)
{
    public static DoctorRow Pass(string check, string detail, string neededBy) => new(check, DoctorVerdict.Pass, detail, null, neededBy);
    public static DoctorRow Fail(string check, string detail, string fix, string neededBy) => new(check, DoctorVerdict.Fail, detail, fix, neededBy);
    public static DoctorRow Warn(string check, string detail, string fix, string neededBy) => new(check, DoctorVerdict.Warn, detail, fix, neededBy);
    public static DoctorRow NotNeeded(string check, string detail, string neededBy) => new(check, DoctorVerdict.NotNeeded, detail, null, neededBy);
}

/// <summary>Doctor's rows in the order they were asked; it passes when no row failed.</summary>
public sealed record DoctorReport(IReadOnlyList<DoctorRow> Rows, TimeSpan Elapsed)
{
    public bool Passed => Rows.All(r => r.Verdict != DoctorVerdict.Fail);
    public IEnumerable<DoctorRow> Failed => Rows.Where(r => r.Verdict == DoctorVerdict.Fail);
}
