package io.kumaops.operator.validate;

import io.kumaops.operator.api.v1alpha1.ControlPlaneEnvironment;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfileSpec;
import io.kumaops.operator.model.Quoted;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where the operator's RBAC lets it write, as the Helm chart grants it: the Kuma system namespaces (a Role in each)
 * and the control-plane Deployments it may patch (by resourceNames). A profile reaching past it would fail on every
 * pass with 403 from the API server; it is refused as InvalidSpec before anything is written instead.
 *
 * @param systemNamespaces        the namespaces a profile may name in spec.controlPlane.systemNamespace; empty allows any
 * @param controlPlaneDeployments the names a managed profile may give in spec.controlPlane.deploymentName; absent allows
 *                                any, present and empty allows none (the chart's empty rbac.controlPlaneDeployments)
 */
public record WriteScope(Set<String> systemNamespaces, Optional<Set<String>> controlPlaneDeployments) {

    /** No limit: the local run and the tests, where the operator's client may write anywhere. */
    public static final WriteScope ANY = new WriteScope(Set.of(), Optional.empty());

    public WriteScope {
        systemNamespaces = systemNamespaces == null ? Set.of() : Set.copyOf(systemNamespaces);
        controlPlaneDeployments = controlPlaneDeployments == null ? Optional.empty() : controlPlaneDeployments.map(Set::copyOf);
    }

    public WriteScope withSystemNamespaces(Set<String> namespaces) {
        return new WriteScope(namespaces, controlPlaneDeployments);
    }

    /** The control-plane Deployments a managed profile may name; null allows any, an empty set none. */
    public WriteScope withControlPlaneDeployments(Set<String> names) {
        return new WriteScope(systemNamespaces, Optional.ofNullable(names));
    }

    /** Every way the profile reaches past the scope, each naming the field and the fix; empty when it stays inside. */
    public List<String> problems(KumaProductionProfile profile) {
        List<String> problems = new ArrayList<>();
        systemNamespaceProblem(profile).ifPresent(problems::add);
        controlPlaneDeploymentProblem(profile).ifPresent(problems::add);
        return problems;
    }

    /** Why the profile's system namespace is not one the operator may write to, or empty when it is (or all are). */
    public Optional<String> systemNamespaceProblem(KumaProductionProfile profile) {
        KumaProductionProfileSpec spec = profile.getSpec();
        if (systemNamespaces.isEmpty() || spec == null || spec.controlPlane == null || systemNamespaces.contains(spec.controlPlane.systemNamespace)) {
            return Optional.empty();
        }
        return Optional.of("spec.controlPlane.systemNamespace: " + Quoted.of(spec.controlPlane.systemNamespace)
                + " is not a Kuma system namespace this operator may write to (allowed: " + listed(systemNamespaces)
                + "); set it to one of them, or add it to the operator's --system-namespaces (Helm value kumaSystemNamespaces,"
                + " which also grants the writes there)");
    }

    /**
     * Why the Deployment a managed profile names is not one the operator may patch, or empty when it is, when all are,
     * or when nothing is patched (manage false, or a Universal control plane, which has no Deployment).
     */
    public Optional<String> controlPlaneDeploymentProblem(KumaProductionProfile profile) {
        KumaProductionProfileSpec spec = profile.getSpec();
        if (controlPlaneDeployments.isEmpty() || spec == null || spec.controlPlane == null || !Boolean.TRUE.equals(spec.controlPlane.manage)
                || spec.controlPlane.environment == ControlPlaneEnvironment.Universal) {
            return Optional.empty();
        }
        Set<String> allowed = controlPlaneDeployments.get();
        if (allowed.contains(spec.controlPlane.deploymentName)) {
            return Optional.empty();
        }
        return Optional.of("spec.controlPlane.deploymentName: " + Quoted.of(spec.controlPlane.deploymentName)
                + " is not a control-plane Deployment this operator may patch (allowed: " + (allowed.isEmpty() ? "none" : listed(allowed))
                + "); set it to one of them, set spec.controlPlane.manage to false, or add it to the operator's"
                + " --control-plane-deployments (Helm value rbac.controlPlaneDeployments, which also grants the patch)");
    }

    private static String listed(Set<String> names) {
        return String.join(", ", new TreeSet<>(names));
    }
}
