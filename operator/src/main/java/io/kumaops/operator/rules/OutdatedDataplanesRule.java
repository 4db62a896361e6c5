package io.kumaops.operator.rules;

import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.Severity;
import io.kumaops.operator.model.DataplaneInsightDigest;
import io.kumaops.operator.model.KumaDpCompatibility;
import io.kumaops.operator.model.KumaImage;
import io.kumaops.operator.model.KumaReports;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Data planes whose kuma-dp the running control plane does not support, by Kuma's own rule (Kuma
 * pkg/version/compatibility.go {@code DeploymentVersionCompatible}: the same major and at most two minors apart),
 * counted from the MeshInsight's {@code dpVersions.kumaDp}. The control plane's version is its image tag.
 */
public final class OutdatedDataplanesRule extends AbstractRule {

    public static final String CODE = "OutdatedDataplanes";

    public OutdatedDataplanesRule() {
        super(CODE, Severity.Warning);
    }

    @Override
    public RuleDoc doc() {
        return new RuleDoc(
                "Data planes run a kuma-dp version the running control plane does not support.",
                "Kuma supports a kuma-dp at most " + KumaDpCompatibility.SUPPORTED_MINOR_SKEW + " minor versions before or"
                        + " after its control plane, of the same major; Kuma marks any other proxy kumaCpCompatible: false in its"
                        + " DataplaneInsight. Such a proxy still connects, but the configuration the control plane generates is"
                        + " not tested against it, and the next control-plane upgrade widens the gap. It happens when a control"
                        + " plane is upgraded twice while some workloads were never restarted, because kuma-dp only changes when"
                        + " Kuma's injector re-injects a pod. Pre-release kuma-dp versions count as unsupported, as in Kuma;"
                        + " unparseable ones (dev builds, unknown) do not.",
                "Restart the workloads of these data planes (kubectl rollout restart) so the injector gives them the control"
                        + " plane's kuma-dp; upgrade the control plane one or two minors at a time and restart the data planes"
                        + " after each.",
                RuleDoc.Evidence.Cluster,
                "Kuma pkg/version/compatibility.go (DeploymentVersionCompatible); pkg/core/xds/metadata.go (kumaCpCompatible);"
                        + " api/mesh/v1alpha1/mesh_insight.proto (dpVersions); pkg/insights/resyncer.go.");
    }

    @Override
    public List<Finding> evaluate(RuleContext context) {
        Optional<KumaReports> reports = KumaReportsEvidence.reports(context);
        Optional<KumaImage> running = context.resolved().running();
        if (reports.isEmpty() || running.isEmpty()) {
            return List.of();
        }
        String controlPlane = running.get().patch();
        Map<String, Long> unsupported = new TreeMap<>();
        reports.get().kumaDpVersions().forEach((version, count) -> {
            if (count > 0 && !KumaDpCompatibility.compatible(controlPlane, version)) {
                unsupported.put(version, count);
            }
        });
        if (unsupported.isEmpty()) {
            return List.of();
        }
        long total = unsupported.values().stream().mapToLong(Long::longValue).sum();
        String versions = unsupported.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + ")").collect(Collectors.joining(", "));
        String mesh = context.resolved().mesh();
        DataplaneInsightDigest.Sample named = KumaReportsEvidence.insights(context).map(DataplaneInsightDigest::unsupportedKumaDp)
                .orElse(DataplaneInsightDigest.Sample.none());
        return List.of(Findings.fromCluster(this, "MeshInsight " + mesh + " dpVersions.kumaDp",
                KumaReportsEvidence.dataplanes(total) + " of mesh " + mesh + " " + KumaReportsEvidence.agree(total, "runs", "run")
                        + " a kuma-dp the control plane (" + controlPlane
                        + ") does not support: " + versions + "; Kuma supports kuma-dp " + supportedRange(controlPlane)
                        + (named.names().isEmpty() ? "" : "; among them " + KumaReportsEvidence.names(named)),
                "restart the workloads of these data planes (kubectl rollout restart) so Kuma's injector gives them kuma-dp "
                        + controlPlane));
    }

    /** "2.12 to 2.16": the minors Kuma supports beside a control plane of this version. */
    private static String supportedRange(String controlPlane) {
        return KumaDpCompatibility.parse(controlPlane).map(v -> {
            long lowest = Math.max(v.minor() - KumaDpCompatibility.SUPPORTED_MINOR_SKEW, 0);
            return v.major() + "." + lowest + " to " + v.major() + "." + (v.minor() + KumaDpCompatibility.SUPPORTED_MINOR_SKEW)
                    + " (not pre-releases)";
        }).orElse("of the control plane's version");
    }
}
