package io.kumaops.operator.report;

import java.nio.file.Path;

/**
 * How lint's reports are written.
 *
 * @param baseDirectory     the directory SARIF file URIs are made relative to (the working directory in CI)
 * @param toolVersion       the version of this tool, named in SARIF's {@code tool.driver.version} and the HTML page
 * @param includeSuppressed SARIF only: also write suppressed findings, with a {@code suppressions} entry (text and
 *                          JSON always list them, marked)
 */
public record ReportOptions(Path baseDirectory, String toolVersion, boolean includeSuppressed) {

    public static ReportOptions relativeTo(Path baseDirectory) {
        return new ReportOptions(baseDirectory, null, false);
    }
}
