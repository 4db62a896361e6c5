package io.kumaops.operator.rules;

import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.Severity;
import io.kumaops.operator.model.DataplaneInsightDigest;
import io.kumaops.operator.model.KumaReports;
import java.util.List;
import java.util.Optional;

/**
 * More of the mesh's data planes offline than a rolling restart explains, as Kuma counts them in its MeshInsight:
 * a data plane is offline when it has no open xDS subscription or none of its inbounds is ready (Kuma
 * pkg/core/resources/apis/mesh/dataplane_overview_helpers.go {@code Status}).
 */
public final class OfflineDataplanesRule extends AbstractRule {

    public static final String CODE = "OfflineDataplanes";

    public OfflineDataplanesRule() {
        super(CODE, Severity.Warning);
    }

    @Override
    public RuleDoc doc() {
        return new RuleDoc(
                "More than " + ProductionThresholds.OFFLINE_DATAPLANES_MAX_PERCENT + "% of the mesh's data planes are offline.",
                "Kuma counts a data plane offline when its kuma-dp holds no connection to the control plane or none of its"
                        + " inbounds is ready. A disconnected proxy keeps its last configuration and certificate: it misses"
                        + " every policy and endpoint change, and its certificate is not renewed. A rolling restart takes a"
                        + " few proxies offline briefly; more than a tenth of the mesh points at a control plane the proxies"
                        + " cannot reach (network policy, DNS, its Service on port 5678) or at pods that stay unready.",
                "List the mesh's DataplaneInsights (kubectl get dataplaneinsights -A -l kuma.io/mesh=<mesh>) and look at the"
                        + " named data planes: whether their pods run and are ready, and kuma-dp's log for connection errors to"
                        + " the control plane.",
                RuleDoc.Evidence.Cluster,
                "Kuma api/mesh/v1alpha1/mesh_insight.proto (dataplanes.offline); pkg/core/resources/apis/mesh/dataplane_overview_helpers.go"
                        + " (Status); api/mesh/v1alpha1/dataplane_insight_helpers.go (IsOnline); threshold"
                        + " ProductionThresholds.OFFLINE_DATAPLANES_MAX_PERCENT.");
    }

    @Override
    public List<Finding> evaluate(RuleContext context) {
        Optional<KumaReports> reports = KumaReportsEvidence.reports(context);
        if (reports.isEmpty()) {
            return List.of();
        }
        long total = reports.get().dataplanesTotal();
        long offline = reports.get().dataplanesOffline();
        if (offline < 1 || offline * 100 <= total * ProductionThresholds.OFFLINE_DATAPLANES_MAX_PERCENT) {
            return List.of();
        }
        String mesh = context.resolved().mesh();
        DataplaneInsightDigest.Sample disconnected = KumaReportsEvidence.insights(context).map(DataplaneInsightDigest::disconnected)
                .orElse(DataplaneInsightDigest.Sample.none());
        long percent = total == 0 ? 100 : Math.round(offline * 100.0 / total);
        return List.of(Findings.fromCluster(this, "MeshInsight " + mesh + " dataplanes.offline",
                offline + " of " + KumaReportsEvidence.dataplanes(total) + " of mesh " + mesh + " " + KumaReportsEvidence.agree(offline, "is", "are")
                        + " offline (" + percent
                        + "%, more than " + ProductionThresholds.OFFLINE_DATAPLANES_MAX_PERCENT + "%): disconnected from the"
                        + " control plane or with no inbound ready"
                        + (disconnected.names().isEmpty() ? "" : "; disconnected: " + KumaReportsEvidence.names(disconnected)),
                "check that these data planes' pods run and are ready and that kuma-dp reaches the control plane (its log;"
                        + " kubectl get dataplaneinsights -A -l kuma.io/mesh=" + mesh + ")"));
    }
}
