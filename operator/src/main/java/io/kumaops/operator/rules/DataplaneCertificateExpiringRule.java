package io.kumaops.operator.rules;

import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.Severity;
import io.kumaops.operator.model.DataplaneInsightDigest;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * Connected data planes still holding a certificate Kuma should have renewed. Kuma renews a connected proxy's
 * certificate once 4/5 of its lifetime has passed (Kuma pkg/xds/secrets/secrets.go {@code ExpiringSoon}); one held
 * past that point means issuing fails or the proxy does not take the new one, and its mTLS traffic stops at expiry.
 * Read from the mesh's DataplaneInsights ({@code mTLS.certificateExpirationTime}, {@code lastCertificateRegeneration},
 * api/mesh/v1alpha1/dataplane_insight.proto): Kuma's MeshInsight has no expiry.
 */
public final class DataplaneCertificateExpiringRule extends AbstractRule {

    public static final String CODE = "DataplaneCertificateExpiring";

    public DataplaneCertificateExpiringRule() {
        super(CODE, Severity.Warning);
    }

    @Override
    public RuleDoc doc() {
        return new RuleDoc(
                "Connected data planes hold a certificate past Kuma's renewal point that Kuma has not renewed.",
                "Kuma renews a connected data plane's certificate once 4/5 of its lifetime has passed (24h certificates at"
                        + " 19h12m): no connected data plane of a healthy mesh holds one closer to expiry than a fifth of its lifetime. One"
                        + " still held " + grace() + " after that point (or a tenth of its lifetime, when less) is the"
                        + " anomaly: the CA backend fails to issue, Kuma backs off after failures, or the proxy does not take"
                        + " the new certificate. At expiry the data plane's mTLS connections fail. Data planes that are"
                        + " disconnected are left out: they take a new certificate when they reconnect (see OfflineDataplanes).",
                "Look for certificate errors in the control plane's log and its cert_generation_failure metric (a"
                        + " counter per mesh), and check the mesh's CA backend (for a provided CA, its Secret and"
                        + " expiry). Restarting an affected data plane makes it connect and ask for a certificate again.",
                RuleDoc.Evidence.Cluster,
                "Kuma pkg/xds/secrets/secrets.go (ExpiringSoon, shouldGenerateCerts); api/mesh/v1alpha1/dataplane_insight.proto;"
                        + " pkg/xds/server/callbacks/dataplane_status_sink.go (UpdateCert). DataplaneInsights are read at most once a"
                        + " minute per mesh (docs/observation.md).");
    }

    @Override
    public List<Finding> evaluate(RuleContext context) {
        Optional<DataplaneInsightDigest> insights = KumaReportsEvidence.insights(context);
        if (insights.isEmpty() || insights.get().unrenewedCertificates().count() == 0) {
            return List.of();
        }
        DataplaneInsightDigest digest = insights.get();
        DataplaneInsightDigest.Sample unrenewed = digest.unrenewedCertificates();
        String soonest = DateTimeFormatter.ISO_INSTANT.format(digest.soonestExpiry());
        String expiry = digest.soonestExpiry().isAfter(digest.readAt()) ? "the soonest expires at " + soonest : "one expired at " + soonest;
        String mesh = context.resolved().mesh();
        return List.of(Findings.fromCluster(this, "DataplaneInsights of mesh " + mesh,
                KumaReportsEvidence.dataplanes(unrenewed.count()) + " of mesh " + mesh + ", connected to the control plane, still "
                        + KumaReportsEvidence.agree(unrenewed.count(), "holds", "hold") + " a certificate past Kuma's renewal point (4/5 of its lifetime) that Kuma has not renewed: "
                        + KumaReportsEvidence.names(unrenewed) + "; " + expiry,
                "check the control plane's log for certificate errors and its cert_generation_failure metric, and the mesh's CA"
                        + " backend; restart the affected data planes to make them ask for a certificate again"));
    }

    private static String grace() {
        long minutes = ProductionThresholds.CERTIFICATE_RENEWAL_GRACE.toMinutes();
        return minutes + (minutes == 1 ? " minute" : " minutes");
    }
}
