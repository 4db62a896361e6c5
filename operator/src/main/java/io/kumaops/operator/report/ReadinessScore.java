package io.kumaops.operator.report;

import java.util.List;

/**
 * How ready one linted document is for production, as the HTML report shows it: 100, minus 25 for each open
 * (unsuppressed) Error and 5 for each open Warning, never below 0; Info findings and suppressed ones cost nothing.
 * Whatever the number, a document with an open Error is not ready: it fails lint by default and may block the rollout.
 * Documented in docs/cli.md.
 *
 * @param score  0 … 100
 * @param ready  no open Error
 * @param counts the open findings by severity, and the suppressed ones
 */
public record ReadinessScore(int score, boolean ready, ReportSummary counts) {

    public static final int ERROR_WEIGHT = 25;
    public static final int WARNING_WEIGHT = 5;
    public static final int INFO_WEIGHT = 0;

    /** The rule in one sentence, as the report prints it. */
    public static final String RULE = "score = 100 − " + ERROR_WEIGHT + " × open Errors − " + WARNING_WEIGHT
            + " × open Warnings (Info " + INFO_WEIGHT + "), never below 0; suppressed findings do not count."
            + " Not ready whenever an Error is open, whatever the score.";

    public static ReadinessScore of(ProfileFindings document) {
        ReportSummary counts = ReportSummary.of(List.of(document));
        return new ReadinessScore(Math.max(0, unfloored(counts)), counts.errors() == 0, counts);
    }

    private static int unfloored(ReportSummary counts) {
        return 100 - ERROR_WEIGHT * counts.errors() - WARNING_WEIGHT * counts.warnings() - INFO_WEIGHT * counts.infos();
    }

    /** {@code ready} or {@code not ready}. */
    public String verdict() {
        return ready ? "ready" : "not ready";
    }

    /** How the score came about, e.g. {@code 100 − 1 × 25 − 2 × 5 = 65}, or that nothing was taken off. */
    public String explanation() {
        if (counts.errors() == 0 && counts.warnings() == 0) {
            return "no open Error or Warning";
        }
        StringBuilder out = new StringBuilder("100");
        if (counts.errors() > 0) {
            out.append(" − ").append(counts.errors()).append(" × ").append(ERROR_WEIGHT);
        }
        if (counts.warnings() > 0) {
            out.append(" − ").append(counts.warnings()).append(" × ").append(WARNING_WEIGHT);
        }
        int raw = unfloored(counts);
        out.append(" = ").append(raw);
        if (raw < 0) {
            out.append(", floored at 0");
        }
        return out.toString();
    }
}
