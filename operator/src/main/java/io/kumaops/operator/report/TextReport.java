package io.kumaops.operator.report;

import io.kumaops.operator.api.v1alpha1.Finding;
import java.util.List;

/**
 * Human output: one line per finding, led by {@code file:line:column:} as compilers print it (so editors, terminals and
 * CI problem matchers link to the field), its fix indented under it, and a summary line. Grep-friendly.
 */
public final class TextReport {

    private TextReport() {
    }

    public static String render(List<ProfileFindings> profiles) {
        StringBuilder out = new StringBuilder();
        for (ProfileFindings profile : profiles) {
            for (Finding finding : profile.findings()) {
                YamlLocator.Position position = profile.position(finding);
                out.append(profile.file()).append(':').append(position.line()).append(':').append(position.column()).append(": ")
                        .append(finding.severity).append(" [").append(finding.code).append("] ")
                        .append(profile.profileName());
                if (finding.path != null && !finding.path.isBlank()) {
                    out.append(' ').append(finding.path);
                }
                out.append(": ").append(finding.message);
                if (finding.isSuppressed()) {
                    out.append(" (suppressed: ").append(finding.suppressionReason).append(')');
                }
                out.append('\n');
                if (finding.remediation != null && !finding.remediation.isBlank()) {
                    out.append("    fix: ").append(finding.remediation).append('\n');
                }
            }
        }
        out.append(ReportSummary.of(profiles).describe()).append('\n');
        return out.toString();
    }
}
