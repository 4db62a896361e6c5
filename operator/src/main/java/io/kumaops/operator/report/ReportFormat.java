package io.kumaops.operator.report;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Output formats of {@code lint}, named as on the command line. */
public enum ReportFormat {
    TEXT, JSON, SARIF, HTML;

    /** The command-line spelling, e.g. {@code sarif}. */
    public String flag() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ReportFormat fromFlag(String flag) {
        for (ReportFormat format : values()) {
            if (format.flag().equalsIgnoreCase(flag.trim())) {
                return format;
            }
        }
        throw new IllegalArgumentException("unknown output format '" + flag + "'; use one of "
                + Arrays.stream(values()).map(ReportFormat::flag).collect(Collectors.joining(", ")));
    }
}
