package io.kumaops.operator.plan;

import io.kumaops.operator.model.DataplaneInsightDigest;
import io.kumaops.operator.model.KumaReports;
import java.util.function.Function;

/**
 * The data planes a per-proxy wait is for, in one sentence: how many from Kuma's MeshInsight (what the gate is judged
 * by), which ones from the mesh's last DataplaneInsight reading (at most {@link DataplaneInsightDigest#MAX_NAMES}
 * names; the reading is at most a minute old and lists only while such a wait is open).
 */
final class LaggingProxies {

    private LaggingProxies() {
    }

    /**
     * "2 of 120 online data planes do not support ca-2 yet: apps/web-1, apps/api-2 (DataplaneInsights read at …)".
     *
     * @param lagging how many the MeshInsight counts
     * @param of      out of how many (the online data planes, or all)
     * @param state   what the lagging ones do or lack, after "of N", e.g. "online data planes do not support ca-2 yet"
     * @param named   which sample of the reading names them
     */
    static String sentence(long lagging, long of, String state, KumaReports reports,
                           Function<DataplaneInsightDigest, DataplaneInsightDigest.Sample> named) {
        String counted = lagging + " of " + of + " " + state;
        DataplaneInsightDigest digest = reports == null ? null : reports.insights();
        DataplaneInsightDigest.Sample sample = digest == null ? DataplaneInsightDigest.Sample.none() : named.apply(digest);
        if (sample.count() == 0) {
            return counted + " (named at the next reading of the mesh's DataplaneInsights)";
        }
        return counted + ": " + sample.listed() + " (DataplaneInsights read at " + MtlsRotation.format(digest.readAt()) + ")";
    }
}
