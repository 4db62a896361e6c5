package io.kumaops.operator.report;

import io.kumaops.operator.api.v1alpha1.FindingSummary;
import java.util.List;

/** Totals over every profile linted; errors, warnings and infos count unsuppressed findings only. */
public record ReportSummary(int profiles, int errors, int warnings, int infos, int suppressed) {

    public static ReportSummary of(List<ProfileFindings> profiles) {
        FindingSummary counts = FindingSummary.of(profiles.stream().flatMap(profile -> profile.findings().stream()).toList());
        return new ReportSummary(profiles.size(), counts.errors, counts.warnings, counts.infos, counts.suppressed);
    }

    /** {@code 2 profiles: 1 error, 3 warnings, 1 info, 1 suppressed}. */
    public String describe() {
        return plural(profiles, "profile", "profiles") + ": " + plural(errors, "error", "errors") + ", "
                + plural(warnings, "warning", "warnings") + ", " + infos + " info, " + suppressed + " suppressed";
    }

    private static String plural(int count, String one, String many) {
        return count + " " + (count == 1 ? one : many);
    }
}
