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
 */
public record ProfileFindings(String profileName, String file, int line, List<Finding> findings, String kind) {

    public ProfileFindings {
        findings = List.copyOf(findings);
        kind = kind == null ? io.kumaops.operator.api.v1alpha1.KumaProductionProfile.KIND : kind;
    }

    public ProfileFindings(String profileName, String file, int line, List<Finding> findings) {
        this(profileName, file, line, findings, null);
    }
}
