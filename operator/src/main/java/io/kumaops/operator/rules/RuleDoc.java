package io.kumaops.operator.rules;

/**
 * The documentation of a rule, rendered into docs/findings.md.
 *
 * @param title        one line: what the rule detects
 * @param why          why it matters in production
 * @param fix          how to fix it
 * @param needsCluster {@code Profile} (profile alone), {@code Cluster} (only from the live cluster), or
 *                     {@code Both} (from the profile, and refined by what the cluster shows)
 * @param source       where the threshold or advice comes from
 */
public record RuleDoc(String title, String why, String fix, Evidence needsCluster, String source) {

    public enum Evidence {
        Profile, Cluster, Both
    }
}
