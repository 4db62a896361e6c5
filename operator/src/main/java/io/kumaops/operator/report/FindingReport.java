package io.kumaops.operator.report;

import io.kumaops.operator.rules.RuleCatalog;
import java.util.List;

/** Renders lint results in the chosen format. */
public final class FindingReport {

    private FindingReport() {
    }

    public static String render(ReportFormat format, List<ProfileFindings> profiles, RuleCatalog catalog, ReportOptions options) {
        return switch (format) {
            case TEXT -> TextReport.render(profiles);
            case JSON -> JsonReport.render(profiles);
            case SARIF -> SarifReport.render(profiles, catalog, options);
            case HTML -> HtmlReport.render(profiles, catalog, options);
        };
    }
}
