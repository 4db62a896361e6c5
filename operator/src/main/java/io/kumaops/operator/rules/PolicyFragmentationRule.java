package io.kumaops.operator.rules;

import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.Severity;
import io.kumaops.operator.model.ClusterObservation;
import io.kumaops.operator.model.ClusterObservation.MeshWidePolicy;
import io.kumaops.operator.model.KumaDefaultPolicies;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Several owners writing Mesh-wide policies of one kind merge into one effective config nobody owns: changing one
 * silently loses to another.
 */
public final class PolicyFragmentationRule extends AbstractRule {

    public static final String CODE = "PolicyFragmentation";

    /** Owner shown for a policy whose creator could not be told. */
    static final String UNKNOWN_OWNER = "unknown";

    public PolicyFragmentationRule() {
        super(CODE, Severity.Warning);
    }

    @Override
    public RuleDoc doc() {
        return new RuleDoc(
                "Several owners define Mesh-wide policies of the same kind.",
                "Mesh-wide policies of one kind in the system namespace merge into one effective default. When several"
                        + " tools or people write them (Kuma's initial defaults, Helm charts, GitOps, the operator), a"
                        + " change in one is silently overridden by another and nobody owns the result.",
                "Keep one owner per kind: let the profile's spec.policies define the defaults and delete the others. Kuma's"
                        + " own defaults (mesh-timeout-all-<mesh>, mesh-gateways-timeout-all-<mesh>, mesh-retry-all-<mesh>,"
                        + " mesh-circuit-breaker-all-<mesh>) of a kind the profile defines are not counted: the operator"
                        + " replaces them once its own are observed.",
                RuleDoc.Evidence.Cluster,
                "Kuma policy merging (kuma-website policies/introduction.md); default policies mesh-*-all-<mesh>.");
    }

    @Override
    public List<Finding> evaluate(RuleContext context) {
        Optional<List<MeshWidePolicy>> observed = EffectiveFacts.observation(context).map(ClusterObservation::meshWidePolicies);
        if (observed.isEmpty() || observed.get() == null) {
            return List.of();
        }
        String systemNamespace = EffectiveFacts.systemNamespace(context);
        List<String> replaced = EffectiveFacts.policies(context).definedKinds();
        String mesh = context.resolved().mesh();
        Map<String, List<MeshWidePolicy>> byKind = observed.get().stream()
                .filter(Objects::nonNull)
                .filter(policy -> policy.kind() != null && systemNamespace.equals(policy.namespace()))
                // Kuma's own defaults of a kind the profile writes are replaced by the operator's, not a second owner.
                .filter(policy -> !(replaced.contains(policy.kind()) && policy.name() != null
                        && KumaDefaultPolicies.of(policy.kind(), policy.name(), mesh).isPresent()))
                .collect(Collectors.groupingBy(MeshWidePolicy::kind, TreeMap::new, Collectors.toList()));
        List<Finding> findings = new ArrayList<>();
        byKind.forEach((kind, policies) -> {
            TreeSet<String> owners = policies.stream()
                    .map(policy -> policy.owner() == null || policy.owner().isBlank() ? UNKNOWN_OWNER : policy.owner())
                    .collect(Collectors.toCollection(TreeSet::new));
            if (policies.size() > 1 && owners.size() > 1) {
                String names = policies.stream().map(MeshWidePolicy::name).sorted().collect(Collectors.joining(", "));
                findings.add(Findings.fromCluster(this, kind + " " + systemNamespace + "/*",
                        policies.size() + " Mesh-wide " + kind + " policies (" + names + ") in " + systemNamespace
                                + " come from " + owners.size() + " owners (" + String.join(", ", owners) + ")",
                        "keep one owner for Mesh-wide " + kind + ": define it in spec.policies and delete the others"));
            }
        });
        return findings;
    }
}
