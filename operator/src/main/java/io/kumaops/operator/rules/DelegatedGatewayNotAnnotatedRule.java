package io.kumaops.operator.rules;

import io.kumaops.operator.api.v1alpha1.DelegatedGateway;
import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.Severity;
import io.kumaops.operator.model.ClusterObservation;
import io.kumaops.operator.model.ClusterObservation.GatewayDeployment;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A delegated gateway (Kong, Contour, …) without kuma.io/gateway: enabled gets a normal sidecar, which intercepts
 * the traffic the gateway itself should route into the mesh.
 */
public final class DelegatedGatewayNotAnnotatedRule extends AbstractRule {

    public static final String CODE = "DelegatedGatewayNotAnnotated";

    public DelegatedGatewayNotAnnotatedRule() {
        super(CODE, Severity.Warning);
    }

    @Override
    public RuleDoc doc() {
        return new RuleDoc(
                "A delegated gateway's pods lack the kuma.io/gateway: enabled annotation.",
                "Kuma injects a delegated gateway's pods in gateway mode only when they carry kuma.io/gateway: enabled;"
                        + " otherwise they get an ordinary sidecar that redirects the gateway's inbound traffic, and"
                        + " north-south traffic breaks or bypasses mesh policy.",
                "Add the annotation kuma.io/gateway: enabled to the pod template of the gateway Deployment (and restart it).",
                RuleDoc.Evidence.Cluster,
                "Kuma delegated gateway docs (kuma.io/gateway: enabled).");
    }

    @Override
    public List<Finding> evaluate(RuleContext context) {
        Optional<ClusterObservation> observation = EffectiveFacts.observation(context);
        List<DelegatedGateway> listed = EffectiveFacts.gateway(context).delegated;
        if (observation.isEmpty() || listed == null || observation.get().delegatedGateways() == null) {
            return List.of();
        }
        List<Finding> findings = new ArrayList<>();
        for (int i = 0; i < listed.size(); i++) {
            DelegatedGateway gateway = listed.get(i);
            if (gateway == null) {
                continue;
            }
            Optional<GatewayDeployment> seen = observation.get().delegatedGateways().stream()
                    .filter(Objects::nonNull)
                    .filter(d -> Objects.equals(d.namespace(), gateway.namespace) && Objects.equals(d.name(), gateway.deploymentName))
                    .findFirst();
            if (seen.isEmpty()) {
                continue; // not looked at: say nothing rather than guess
            }
            String path = "spec.gateway.delegated[" + i + "]";
            String deployment = "Deployment " + gateway.namespace + "/" + gateway.deploymentName;
            if (!seen.get().found()) {
                findings.add(Findings.fromCluster(this, path,
                        deployment + " listed in " + path + " was not found in the cluster",
                        "fix the namespace or deploymentName in " + path + ", or remove the entry"));
            } else if (!seen.get().annotated()) {
                findings.add(Findings.fromCluster(this, path,
                        "the pods of " + deployment + " (" + path + ") lack the annotation kuma.io/gateway: enabled",
                        "add kuma.io/gateway: enabled to spec.template.metadata.annotations of " + deployment));
            }
        }
        return findings;
    }
}
