package io.kumaops.operator.rules;

import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.FindingSource;

/** Builds findings carrying the rule's code and severity, so a rule cannot report under someone else's code. */
public final class Findings {

    private Findings() {
    }

    /** A finding whose evidence is the profile alone. */
    public static Finding fromProfile(Rule rule, String path, String message, String remediation) {
        return of(rule, FindingSource.Profile, path, message, remediation);
    }

    /** A finding whose evidence is what the live cluster shows. */
    public static Finding fromCluster(Rule rule, String path, String message, String remediation) {
        return of(rule, FindingSource.Cluster, path, message, remediation);
    }

    /** A finding from the live cluster in the worse case the rule's doc names: it carries the rule's escalated severity. */
    public static Finding escalatedFromCluster(Rule rule, String path, String message, String remediation) {
        Finding finding = fromCluster(rule, path, message, remediation);
        finding.severity = rule.escalatedSeverity();
        return finding;
    }

    public static Finding of(Rule rule, FindingSource source, String path, String message, String remediation) {
        Finding finding = new Finding(rule.code(), rule.severity(), path, message, remediation);
        finding.source = source;
        return finding;
    }
}
