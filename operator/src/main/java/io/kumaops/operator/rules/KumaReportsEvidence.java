package io.kumaops.operator.rules;

import io.kumaops.operator.model.DataplaneInsightDigest;
import io.kumaops.operator.model.KumaReports;
import java.util.Optional;

/** What Kuma's control plane reports on the profile's mesh, as the rules that judge the data planes read it. */
final class KumaReportsEvidence {

    private KumaReportsEvidence() {
    }

    /** The mesh's MeshInsight as read this pass; empty offline and while Kuma reports nothing on the mesh. */
    static Optional<KumaReports> reports(RuleContext context) {
        return Optional.ofNullable(context.resolved().facts()).map(facts -> facts.kumaReports());
    }

    /** The mesh's DataplaneInsights as last read; empty when they were not read. */
    static Optional<DataplaneInsightDigest> insights(RuleContext context) {
        return reports(context).map(KumaReports::insights);
    }

    /** "a, b, c" and, past the names kept, "and 5 more". */
    static String names(DataplaneInsightDigest.Sample sample) {
        return sample.listed();
    }

    /** "1 data plane", "3 data planes". */
    static String dataplanes(long count) {
        return count + (count == 1 ? " data plane" : " data planes");
    }

    /** The verb's form for a subject of {@code count}: "holds" for one, "hold" for more. */
    static String agree(long count, String one, String more) {
        return count == 1 ? one : more;
    }
}
