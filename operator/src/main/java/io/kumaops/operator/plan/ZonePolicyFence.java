package io.kumaops.operator.plan;

import io.kumaops.operator.model.ClusterFacts;
import io.kumaops.operator.model.DesiredResource;
import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.FindingSource;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.api.v1alpha1.Severity;
import io.kumaops.operator.api.v1alpha1.ZoneGovernanceSpec;
import io.kumaops.operator.model.KumaKinds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Zone governance: on a federated zone, Kuma policies come from the global control plane. A
 * ValidatingAdmissionPolicy (admissionregistration.k8s.io/v1, Kubernetes 1.30+) and its binding reject writes of
 * Kuma policy kinds by anyone but Kuma's control plane (which writes what the global control plane syncs), the
 * operator itself (it writes the zone's allow-all and rules, labelled kuma.io/origin: zone) and the profile's
 * allowed groups. Where the API is not served, the finding {@value #MISSING_CODE} says the fence is missing.
 */
public final class ZonePolicyFence {

    public static final String MISSING_CODE = "ZonePolicyFenceMissing";
    public static final String GROUP = "admissionregistration.k8s.io";
    public static final String API_VERSION = GROUP + "/v1";
    public static final String RESOURCE = "validatingadmissionpolicies";
    /** The marker a probe adds to ClusterFacts / ClusterObservation servedApis when the server serves the kind. */
    public static final String SERVED_MARKER = API_VERSION + "/" + RESOURCE;
    /** The marker a probe adds when it looked and the server does not serve the kind (absence of both: not probed). */
    public static final String NOT_SERVED_MARKER = "!" + SERVED_MARKER;

    private ZonePolicyFence() {
    }

    @FunctionalInterface
    public interface ClusterScopedFactory {
        DesiredResource resource(String apiVersion, String kind, String name, Map<String, Object> spec);
    }

    public static String policyName(String profile) {
        return io.kumaops.operator.model.GeneratedNames.zonePolicyFence(profile);
    }

    /** The policy and its binding, or nothing (with a note, or a finding when the operator cannot fence safely). */
    public static List<DesiredResource> resources(KumaProductionProfile profile, ClusterFacts state, List<Finding> findings,
                                                  List<String> notes, ClusterScopedFactory factory) {
        ZoneGovernanceSpec governance = profile.getSpec().controlPlane.zoneGovernance;
        if (governance == null || !Boolean.TRUE.equals(governance.enabled)) {
            notes.add("controlPlane.zoneGovernance.enabled is false: local writes of Kuma policies are not fenced");
            return List.of();
        }
        if (!state.servesResource(API_VERSION, RESOURCE)) {
            notes.add("the API server does not serve " + API_VERSION + " ValidatingAdmissionPolicy (Kubernetes 1.30+): no fence, see finding " + MISSING_CODE);
            return List.of();
        }
        if (state.writeDenied(GROUP, RESOURCE)) {
            // Writing it would be refused with 403 on every pass; the chart grants it only with its zoneGovernance.enabled.
            findings.add(clusterFinding("the operator may not create ValidatingAdmissionPolicies (its RBAC does not grant it), so it does"
                            + " not apply the zone policy fence; local writes of Kuma policies are not fenced",
                    "install the operator's chart with zoneGovernance.enabled=true (it grants " + GROUP + " " + RESOURCE + " and their"
                            + " bindings), or set spec.controlPlane.zoneGovernance.enabled: false and fence the zone otherwise"));
            return List.of();
        }
        String operator = state.operatorIdentity();
        if (operator == null && !state.isOffline()) {
            // Without its own identity the fence would also reject the operator's writes of the zone's policies.
            findings.add(clusterFinding("the operator could not learn its own identity (SelfSubjectReview) so it does not apply the zone policy"
                            + " fence, which would reject its own writes; local writes of Kuma policies are not fenced",
                    "allow the operator to create authentication.k8s.io/v1 selfsubjectreviews (granted to every authenticated user by default)"));
            return List.of();
        }
        if (operator == null) {
            notes.add("rendered without the operator's own identity; the operator adds it to the fence's exceptions when it applies it");
        }
        String name = policyName(profile.getMetadata().getName());
        String controlPlane = "system:serviceaccount:" + profile.getSpec().controlPlane.systemNamespace + ":" + governance.controlPlaneServiceAccount;

        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("apiGroups", List.of(KumaKinds.KUMA_GROUP));
        rule.put("apiVersions", List.of("*"));
        rule.put("operations", List.of("CREATE", "UPDATE", "DELETE"));
        rule.put("resources", KumaKinds.KUMA_POLICY_RESOURCES);
        List<Map<String, Object>> conditions = new ArrayList<>();
        conditions.add(condition("not-kuma-control-plane", "request.userInfo.username != " + cel(controlPlane)));
        if (operator != null) {
            conditions.add(condition("not-kuma-production-operator", "request.userInfo.username != " + cel(operator)));
        }
        // Kubernetes' own cleanup must go through, or deleting a namespace that holds a policy never completes: the
        // garbage collector (exempt in Kuma's own admission, pkg/plugins/runtime/k8s/plugin.go), the namespace
        // controller, and kube-controller-manager when it runs without per-controller credentials. Deletes only.
        conditions.add(condition("not-kubernetes-cleanup", "!(request.operation == \"DELETE\" && request.userInfo.username in ["
                + CLEANUP_USERS.stream().map(ZonePolicyFence::cel).collect(Collectors.joining(", ")) + "])"));
        if (governance.allowedGroups != null && !governance.allowedGroups.isEmpty()) {
            conditions.add(condition("not-an-allowed-group", "!request.userInfo.groups.exists(g, g in ["
                    + governance.allowedGroups.stream().map(ZonePolicyFence::cel).collect(Collectors.joining(", ")) + "])"));
        }
        Map<String, Object> validation = new LinkedHashMap<>();
        validation.put("expression", "false");
        validation.put("message", "Kuma policies on zone " + profile.getSpec().controlPlane.zoneName + " come from the global control plane;"
                + " write them there (fenced by KumaProductionProfile " + profile.getMetadata().getName() + ")");
        validation.put("reason", "Forbidden");
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("failurePolicy", "Fail");
        spec.put("matchConstraints", Map.of("resourceRules", List.of(rule)));
        spec.put("matchConditions", conditions);
        spec.put("validations", List.of(validation));

        Map<String, Object> bindingSpec = new LinkedHashMap<>();
        bindingSpec.put("policyName", name);
        bindingSpec.put("validationActions", List.of("Deny"));
        return List.of(
                factory.resource(API_VERSION, "ValidatingAdmissionPolicy", name, spec),
                factory.resource(API_VERSION, "ValidatingAdmissionPolicyBinding", name, bindingSpec));
    }

    private static Finding clusterFinding(String message, String fix) {
        Finding finding = new Finding(MISSING_CODE, Severity.Warning, "spec.controlPlane.zoneGovernance", message, fix);
        finding.source = FindingSource.Cluster;
        finding.docsUrl = io.kumaops.operator.model.DocsLinks.section("rollout.md", "zone-governance");
        finding.suppressed = false;
        return finding;
    }

    /** The users whose deletes are Kubernetes cleaning up after a deleted owner or namespace. */
    static final List<String> CLEANUP_USERS = List.of(
            "system:serviceaccount:kube-system:generic-garbage-collector",
            "system:serviceaccount:kube-system:namespace-controller",
            "system:kube-controller-manager");

    private static Map<String, Object> condition(String name, String expression) {
        Map<String, Object> condition = new LinkedHashMap<>();
        condition.put("name", name);
        condition.put("expression", expression);
        return condition;
    }

    /**
     * A CEL string literal. A raw line break would end a double-quoted CEL string and fail the whole policy, so line
     * breaks and every other control character are escaped too (the validator already refuses them in profiles).
     */
    static String cel(String value) {
        StringBuilder literal = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> literal.append("\\\\");
                case '"' -> literal.append("\\\"");
                case '\n' -> literal.append("\\n");
                case '\r' -> literal.append("\\r");
                case '\t' -> literal.append("\\t");
                default -> {
                    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029') {
                        literal.append(String.format("\\u%04x", (int) c));
                    } else {
                        literal.append(c);
                    }
                }
            }
        }
        return literal.append('"').toString();
    }
}
