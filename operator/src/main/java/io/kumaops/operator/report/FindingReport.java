package io.kumaops.operator.report;

import io.kumaops.operator.rules.RuleCatalog;
import java.nio.file.Path;
import java.util.List;

/** Renders lint results in the chosen format. */
public final class FindingReport {

    private FindingReport() {
    }

    /**
     * @param baseDirectory the directory SARIF file URIs are made relative to (the working directory in CI)
     */
    public static String render(ReportFormat format, List<ProfileFindings> profiles, RuleCatalog catalog, Path baseDirectory) {
        return switch (format) {
            case TEXT -> TextReport.render(profiles);
            case JSON -> JsonReport.render(profiles);
            case SARIF -> SarifReport.render(profiles, catalog, baseDirectory);
        };
    }
}
