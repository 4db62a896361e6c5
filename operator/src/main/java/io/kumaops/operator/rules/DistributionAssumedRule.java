package io.kumaops.operator.rules;

import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.Severity;
import io.kumaops.operator.model.ClusterObservation.ControlPlaneDeployment;
import java.util.List;
import java.util.Optional;

/**
 * In a cluster the distribution is read from the control-plane image when the profile does not name it; when the image
 * says nothing (not found, a mirror with another name, a digest only) open-source Kuma is assumed — said, not silent,
 * because Kong Mesh admits what Kuma refuses (several CA backends, a CA switch under mTLS).
 */
public final class DistributionAssumedRule extends AbstractRule {

    public static final String CODE = "DistributionAssumed";

    public DistributionAssumedRule() {
        super(CODE, Severity.Info);
    }

    @Override
    public RuleDoc doc() {
        return new RuleDoc(
                "The distribution is neither set nor detected, so open-source Kuma is assumed.",
                "Kuma and Kong Mesh judge differently: open-source Kuma admits one CA backend per Mesh and refuses a CA switch"
                        + " while mTLS is on; Kong Mesh allows both. Without spec.distribution the operator reads the distribution"
                        + " from the control-plane image (kumahq/kuma-cp or kong/kuma-cp with a version tag); when the Deployment"
                        + " is not found or its image names neither, it assumes open-source Kuma.",
                "Set spec.distribution: Kuma or KongMesh.",
                RuleDoc.Evidence.Cluster,
                "Kuma's image kumahq/kuma-cp, Kong Mesh's kong/kuma-cp (their charts' controlPlane.image.repository).");
    }

    @Override
    public List<Finding> evaluate(RuleContext context) {
        if (context.observation().isEmpty() || EffectiveFacts.spec(context).distribution != null
                || context.resolved().running().isPresent()) {
            return List.of();
        }
        Optional<ControlPlaneDeployment> deployment = EffectiveFacts.observedControlPlane(context);
        String seen = deployment.map(d -> "its image " + (d.image() == null ? "(none)" : d.image()) + " names neither kumahq/kuma-cp nor"
                        + " kong/kuma-cp with a version")
                .orElse("no control-plane Deployment " + EffectiveFacts.controlPlaneObjectPath(context, "").replace("Deployment ", "").trim()
                        + " was found");
        return List.of(Findings.fromCluster(this, "spec.distribution",
                "spec.distribution is not set and " + seen + ": the output is judged as open-source Kuma",
                "set spec.distribution: Kuma or KongMesh"));
    }
}
