package io.kumaops.operator.report;

import io.kumaops.operator.api.v1alpha1.Finding;
import java.util.List;

/**
 * The findings of one profile document, with where it came from.
 *
 * @param profileName metadata.name of the profile
 * @param file        the file as given on the command line, or {@code <stdin>}
 * @param line        1-based line where the profile's YAML document starts
 * @param findings    sorted findings, suppressed ones included
 * @param kind        the kind of the judged document: a profile, or a Kuma resource {@code lint} read beside them
 * @param locator     the document's text, to place each finding at its field; null when there is no text (a profile
 *                    read from the cluster), and findings are placed at {@code line}
 * @param plan        the profile's rollout plan, for the reports that show it (HTML); null for a Kuma resource, or
 *                    when none was made
 */
public record ProfileFindings(String profileName, String file, int line, List<Finding> findings, String kind,
                              YamlLocator locator, RolloutTimeline plan) {

    public ProfileFindings {
        findings = List.copyOf(findings);
        kind = kind == null ? io.kumaops.operator.api.v1alpha1.KumaProductionProfile.KIND : kind;
    }

    public ProfileFindings(String profileName, String file, int line, List<Finding> findings, String kind) {
        this(profileName, file, line, findings, kind, null, null);
    }

    public ProfileFindings(String profileName, String file, int line, List<Finding> findings) {
        this(profileName, file, line, findings, null, null, null);
    }

    public ProfileFindings withLocator(YamlLocator locator) {
        return new ProfileFindings(profileName, file, line, findings, kind, locator, plan);
    }

    public ProfileFindings withPlan(RolloutTimeline plan) {
        return new ProfileFindings(profileName, file, line, findings, kind, locator, plan);
    }

    /** Where the finding's field is written, else the document's first line. */
    public YamlLocator.Position position(Finding finding) {
        return locator != null ? locator.locate(finding.path) : new YamlLocator.Position(Math.max(1, line), 1);
    }
}
