package io.kumaops.operator.rules;

import io.kumaops.operator.api.v1alpha1.ControlPlaneEnvironment;
import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.PermissionRule;
import io.kumaops.operator.api.v1alpha1.Severity;
import io.kumaops.operator.api.v1alpha1.TargetKind;
import io.kumaops.operator.api.v1alpha1.TargetRef;
import java.util.ArrayList;
import java.util.List;

/**
 * A MeshService (or MeshServiceSubset) name in a permission rule that cannot be a Kubernetes data plane's
 * {@code kuma.io/service} tag: on Kubernetes Kuma's injector always writes {@code <name>_<namespace>_svc_<port>}
 * (Kuma pkg/plugins/runtime/k8s/util/util.go, ServiceTag), so a bare {@code backend} selects nothing.
 */
public final class MeshServiceNameUnmatchedRule extends AbstractRule {

    public static final String CODE = "MeshServiceNameUnmatched";

    public MeshServiceNameUnmatchedRule() {
        super(CODE, Severity.Warning);
    }

    @Override
    public RuleDoc doc() {
        return new RuleDoc(
                "A permission rule names a MeshService the way no Kubernetes data plane is tagged.",
                "Kuma matches a MeshService targetRef against the kuma.io/service tag, which its injector sets to"
                        + " <service>_<namespace>_svc_<port> on Kubernetes. A rule naming `backend` selects nothing: with mode"
                        + " Restricted, once the allow-all goes, the traffic the rule means to allow is denied. The operator"
                        + " keeps the allow-all while a rule selects no observed data plane (PermissionRuleSelectsNothing), but"
                        + " the rule itself still protects nothing.",
                "Write the target as a Kubernetes Service: {kind: Service, name: backend, namespace: payments, port: 8080};"
                        + " it is emitted as the tag Kuma matches.",
                RuleDoc.Evidence.Profile,
                "Kuma pkg/plugins/runtime/k8s/util/util.go (ServiceTag).");
    }

    @Override
    public List<Finding> evaluate(RuleContext context) {
        var spec = EffectiveFacts.spec(context);
        if (spec.controlPlane == null || spec.controlPlane.environment != ControlPlaneEnvironment.Kubernetes
                || spec.trafficPermissions == null || spec.trafficPermissions.rules == null) {
            return List.of();
        }
        List<Finding> findings = new ArrayList<>();
        for (int i = 0; i < spec.trafficPermissions.rules.size(); i++) {
            PermissionRule rule = spec.trafficPermissions.rules.get(i);
            if (rule == null) {
                continue;
            }
            String path = "spec.trafficPermissions.rules[" + i + "]";
            check(findings, path + ".destination", rule.destination);
            for (int s = 0; rule.sources != null && s < rule.sources.size(); s++) {
                check(findings, path + ".sources[" + s + "]", rule.sources.get(s));
            }
        }
        return findings;
    }

    private void check(List<Finding> findings, String path, TargetRef target) {
        if (target == null || (target.kind != TargetKind.MeshService && target.kind != TargetKind.MeshServiceSubset)
                || target.name == null || target.namespace != null || target.name.contains("_svc")) {
            return; // a namespace means a MeshService resource (2.9+), which is named as the Service is
        }
        findings.add(Findings.fromProfile(this, path + ".name",
                path + " names " + target.kind + " " + target.name + ": on Kubernetes data planes are tagged"
                        + " <service>_<namespace>_svc_<port>, so it selects nothing",
                "write it as {kind: Service, name: " + target.name + ", namespace: <namespace>, port: <port>}"));
    }
}
