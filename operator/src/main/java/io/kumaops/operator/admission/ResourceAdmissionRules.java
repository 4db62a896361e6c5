package io.kumaops.operator.admission;

import io.kumaops.operator.api.v1alpha1.ControlPlaneRole;
import io.kumaops.operator.api.v1alpha1.Distribution;
import io.kumaops.operator.model.KumaVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rules Kuma's Kubernetes webhooks apply to every kuma.io resource of its core registry, whatever its kind, before
 * the kind's own spec validator runs: who is exempt, which namespace a resource may live in, what the
 * {@code kuma.io/origin} and {@code kuma.io/mesh} labels must say, and the policy-role check that refuses mixed
 * policies outside the system namespace. Pure: reads the request only.
 *
 * <p>Kuma applies them in this order and stops at the first refusal, so a refusal here is the whole of Kuma's answer:
 * <ol>
 *   <li>the operation check ({@code ResourceAdmissionChecker.IsOperationAllowed}; skipped for exempt users), run by the
 *       defaulting webhook on create/update and by the validating webhook on every operation, delete included;</li>
 *   <li>the policy role the defaulting webhook computes (not skipped for exempt users);</li>
 *   <li>the validating webhook's {@code kuma.io/mesh} and {@code kuma.io/origin} value checks (create/update only).</li>
 * </ol>
 * On delete Kuma checks nothing but the first step for these kinds (Kuma {@code pkg/plugins/runtime/k8s/webhooks/validation.go}),
 * except for a Zone, whose own webhook then looks at its ZoneInsight.
 *
 * <p>Assumes what Kuma's chart sets up: the webhooks see the namespace (2.11+ selects namespaces labelled
 * {@code kuma.io/sidecar-injection}), {@code KUMA_MULTIZONE_ZONE_DISABLE_ORIGIN_LABEL_VALIDATION} is off, and
 * {@code KUMA_RUNTIME_KUBERNETES_ALLOWED_USERS} is the chart's value. The {@code kuma.io/zone} label check is not
 * modelled: the target does not carry the zone's name.
 */
public final class ResourceAdmissionRules {

    /** Exempt on every version and distribution (Kuma {@code pkg/plugins/runtime/k8s/plugin.go}, appended to the allowed users). */
    public static final String GARBAGE_COLLECTOR = "system:serviceaccount:kube-system:generic-garbage-collector";

    /** Kuma's policy kinds ({@link io.kumaops.operator.model.KumaKinds#POLICY_KINDS}). */
    public static final List<String> POLICY_KINDS = io.kumaops.operator.model.KumaKinds.POLICY_KINDS;

    static final String CHECKER = "pkg/plugins/runtime/k8s/webhooks/resourceadmissionchecker.go";
    static final String DEFAULTER = "pkg/plugins/runtime/k8s/webhooks/defaulter.go";
    static final String VALIDATION = "pkg/plugins/runtime/k8s/webhooks/validation.go";

    private static final String ORIGIN_LABEL = "kuma.io/origin";
    private static final String MESH_LABEL = "kuma.io/mesh";
    private static final KumaVersion ALWAYS = AdmissionTarget.OLDEST;

    /**
     * What the rules need from a kind's Kuma descriptor. {@code to}/{@code from}: whether the kind's spec has the list
     * (Kuma's {@code GetToList}/{@code GetFromList}); a list the schema lacks is pruned by the API server before any
     * webhook sees it. None of these kinds is read-only on either side of KDS (all are provided by global and by zones),
     * so the read-only refusal never applies to them.
     */
    private record Kind(String name, boolean policy, boolean namespaced, boolean systemNamespaceOnly, boolean to, boolean from,
                        KumaVersion since) {
    }

    private static final Map<String, Kind> KINDS = kinds();

    private static Map<String, Kind> kinds() {
        Map<String, Kind> kinds = new LinkedHashMap<>();
        for (String name : POLICY_KINDS) {
            boolean to = !List.of("MeshTLS", "MeshTrafficPermission", "MeshMetric", "MeshPassthrough", "MeshProxyPatch", "MeshTrace")
                    .contains(name);
            boolean from = List.of("MeshAccessLog", "MeshCircuitBreaker", "MeshFaultInjection", "MeshRateLimit", "MeshTimeout",
                    "MeshTLS", "MeshTrafficPermission").contains(name);
            kinds.put(name, new Kind(name, true, true, false, to, from, ALWAYS));
        }
        // AllowedOnSystemNamespaceOnly in pkg/core/resources/apis/{meshidentity,meshtrust}/zz_generated.resource.go (2.12+).
        kinds.put("MeshIdentity", new Kind("MeshIdentity", false, true, true, false, false, new KumaVersion(2, 12)));
        kinds.put("MeshTrust", new Kind("MeshTrust", false, true, true, false, false, new KumaVersion(2, 12)));
        // Cluster-scoped and not plugin-originated (pkg/core/resources/apis/system/zz_generated.resources.go).
        kinds.put("Zone", new Kind("Zone", false, false, false, false, false, ALWAYS));
        return Map.copyOf(kinds);
    }

    /**
     * Kuma's answer from these rules alone.
     *
     * @param violations the refusal (empty when these rules let the request through)
     * @param settled    true when nothing else of Kuma's judges the request: it was refused here, or it is a delete of a
     *                   namespaced kind, which Kuma admits once the operation check passes
     */
    public record Judgement(List<Violation> violations, boolean settled) {

        public Judgement {
            violations = List.copyOf(violations);
        }

        public boolean refused() {
            return !violations.isEmpty();
        }
    }

    private ResourceAdmissionRules() {
    }

    /** Whether these rules judge the kind on the target's Kuma version. */
    public static boolean judges(AdmissionTarget target, String kind) {
        Kind known = kind == null ? null : KINDS.get(kind);
        return known != null && target.version().compareTo(known.since()) >= 0;
    }

    /**
     * The usernames Kuma lets past the operation check, matched exactly; Kuma never looks at groups. The list Kuma
     * builds is {@code KUMA_RUNTIME_KUBERNETES_ALLOWED_USERS} (the chart sets the control plane's service account,
     * {@code deployments/charts/kuma/templates/_helpers.tpl}), through 2.12 also the deprecated
     * {@code KUMA_RUNTIME_KUBERNETES_SERVICE_ACCOUNT_NAME} and its default (dropped in 2.13,
     * {@code pkg/config/plugins/runtime/k8s/config.go}), and the garbage collector ({@code pkg/plugins/runtime/k8s/plugin.go}).
     * The namespace controller and other Kubernetes controllers are not on it. The deprecated default is Kuma's own;
     * Kong Mesh's build of it is not read here.
     */
    public static List<String> exemptUsernames(AdmissionTarget target) {
        List<String> users = new ArrayList<>();
        users.add(controlPlaneServiceAccount(target));
        String deprecatedDefault = "system:serviceaccount:kuma-system:kuma-control-plane";
        if (!target.atLeast(2, 13) && !users.contains(deprecatedDefault)) {
            users.add(deprecatedDefault);
        }
        users.add(GARBAGE_COLLECTOR);
        return List.copyOf(users);
    }

    /**
     * The control plane's service account as the chart names it: {@code <chart name>-control-plane} in the release (system)
     * namespace. Kong Mesh's chart is named {@code kong-mesh} (its control plane runs as {@code kong-mesh-control-plane}).
     */
    public static String controlPlaneServiceAccount(AdmissionTarget target) {
        String chart = target.distribution() == Distribution.KongMesh ? "kong-mesh" : "kuma";
        return "system:serviceaccount:" + target.systemNamespace() + ":" + chart + "-control-plane";
    }

    public static boolean exempt(AdmissionTarget target, AdmissionRequest.UserInfo user) {
        return user != null && exemptUsernames(target).contains(user.username());
    }

    /** These rules' answer for the request, or empty when they do not judge its kind. */
    public static Optional<Judgement> judge(AdmissionRequest request) {
        AdmissionTarget target = request.target();
        if (!judges(target, request.kind())) {
            return Optional.empty();
        }
        Kind kind = KINDS.get(request.kind());
        // On delete the webhook decodes the stored object.
        Map<String, Object> object = request.isDelete() && request.previous() != null ? request.previous() : request.object();
        Map<String, Object> metadata = Tree.map(object.get("metadata"));
        String namespace = kind.namespaced() ? Tree.string(metadata.get("namespace")) : "";
        namespace = namespace == null ? "" : namespace;
        Map<String, String> labels = Tree.stringMap(metadata.get("labels"));
        Map<String, Object> spec = Tree.map(object.get("spec"));

        if (!exempt(target, request.userInfo())) {
            List<Violation> refusal = operationCheck(target, kind, namespace, labels, spec);
            if (!refusal.isEmpty()) {
                return Optional.of(new Judgement(refusal, true));
            }
        }
        if (request.isDelete()) {
            return Optional.of(new Judgement(List.of(), kind.namespaced()));
        }
        List<Violation> refusal = defaulterPolicyRole(target, kind, namespace, labels, spec);
        if (refusal.isEmpty()) {
            refusal = meshLabel(kind, labels);
        }
        if (refusal.isEmpty()) {
            refusal = originLabelValue(labels);
        }
        return Optional.of(new Judgement(refusal, !refusal.isEmpty()));
    }

    // Kuma's IsOperationAllowed, minus the exemption: namespace, then (read-only never applies here) label rules.
    private static List<Violation> operationCheck(AdmissionTarget target, Kind kind, String namespace, Map<String, String> labels,
                                                  Map<String, Object> spec) {
        String system = target.systemNamespace();
        boolean global = target.role() == ControlPlaneRole.Global;
        boolean federated = target.role() == ControlPlaneRole.Zone;
        if (!namespace.isEmpty()) {
            // A standalone control plane runs in Kuma's zone mode too (KUMA_MODE=zone without a global address).
            if (global && !namespace.equals(system)) {
                return refusal("", "on Global CP the policy can be created only in the system namespace:" + system, CHECKER);
            }
            if (!global && kind.systemNamespaceOnly() && !namespace.equals(system)) {
                return refusal("", "resource type " + kind.name() + " can be created only in the system namespace:" + system, CHECKER);
            }
        }
        if (!kind.namespaced()) {
            // Only plugin-originated kinds get the label rules; Zone is a core system kind.
            return List.of();
        }
        String origin = origin(labels);
        boolean inSystem = namespace.equals(system);
        if (target.atLeast(2, 11)) {
            if (!global && !federated) {
                return List.of();
            }
            if (kind.policy() && federated) {
                Optional<String> mixed = policyRoleError(target, kind, namespace, inSystem, spec);
                if (mixed.isPresent()) {
                    return refusal("", mixed.get(), CHECKER);
                }
            }
            if (global && "zone".equals(origin)) {
                return refusal("", "Operation not allowed. 'kuma.io/origin' label should have 'global' value, got 'zone'", CHECKER);
            }
            if (federated && inSystem && !"zone".equals(origin)) {
                return refusal("", zoneOriginRequired(target), CHECKER);
            }
            return List.of();
        }
        // 2.9 and 2.10 judge labels on a federated zone only: a global control plane accepts origin=zone.
        if (!federated) {
            return List.of();
        }
        if (inSystem && !"zone".equals(origin)) {
            return refusal("", zoneOriginRequired(target), CHECKER);
        }
        if (kind.policy()) {
            Optional<String> mixed = policyRoleError(target, kind, namespace, inSystem, spec);
            if (mixed.isPresent()) {
                return refusal("", mixed.get(), CHECKER);
            }
        }
        return List.of();
    }

    private static String zoneOriginRequired(AdmissionTarget target) {
        // 2.12 narrowed the wording to the system namespace, which is where the rule always applied.
        String where = target.atLeast(2, 12) ? "Zone CP on a system namespace" : "Zone CP";
        return "Operation not allowed. Applying policies on " + where + " requires 'kuma.io/origin' label to be set to 'zone'.";
    }

    /**
     * The defaulting webhook computes {@code kuma.io/policy-role} for policies it considers local: on a zone an absent
     * origin becomes {@code zone}, so only {@code origin: global} escapes; on global only {@code origin: zone} would
     * (Kuma {@code pkg/core/resources/labels/compute.go}, {@code pkg/core/resources/model/resource.go} before 2.13).
     */
    private static List<Violation> defaulterPolicyRole(AdmissionTarget target, Kind kind, String namespace, Map<String, String> labels,
                                                       Map<String, Object> spec) {
        if (!kind.policy() || namespace.isEmpty()) {
            return List.of();
        }
        String origin = origin(labels);
        boolean local = target.role() == ControlPlaneRole.Global
                ? origin == null || "global".equals(origin)
                : origin == null || "zone".equals(origin);
        if (!local) {
            return List.of();
        }
        return policyRoleError(target, kind, namespace, namespace.equals(target.systemNamespace()), spec)
                .map(message -> refusal("", message, DEFAULTER))
                .orElse(List.of());
    }

    /**
     * Kuma's {@code ComputePolicyRole} failures: outside the system namespace a policy may not mix {@code to} with
     * {@code from}, nor producer {@code to} items (a named MeshService, from 2.11 also a MeshHTTPRoute, in the policy's own
     * namespace) with consumer ones.
     */
    private static Optional<String> policyRoleError(AdmissionTarget target, Kind kind, String namespace, boolean inSystem,
                                                    Map<String, Object> spec) {
        if (inSystem || namespace.isEmpty()) {
            return Optional.empty();
        }
        List<Object> to = kind.to() ? Tree.list(spec.get("to")) : List.of();
        List<Object> from = kind.from() ? Tree.list(spec.get("from")) : List.of();
        if (!to.isEmpty() && !from.isEmpty()) {
            return Optional.of("it's not allowed to mix 'to' and 'from' arrays in the same policy");
        }
        if (to.isEmpty()) {
            return Optional.empty();
        }
        List<String> producerKinds = target.atLeast(2, 11) ? List.of("MeshService", "MeshHTTPRoute") : List.of("MeshService");
        int producers = 0;
        for (Object item : to) {
            Map<String, Object> ref = Tree.map(Tree.map(item).get("targetRef"));
            String refName = Tree.string(ref.get("name"));
            String refNamespace = Tree.string(ref.get("namespace"));
            boolean sameNamespace = refNamespace == null || refNamespace.isEmpty() || refNamespace.equals(namespace);
            if (producerKinds.contains(Tree.string(ref.get("kind"))) && refName != null && !refName.isEmpty() && sameNamespace) {
                producers++;
            }
        }
        if (producers != 0 && producers != to.size()) {
            return Optional.of("it's not allowed to mix producer and consumer items in the same policy");
        }
        return Optional.empty();
    }

    private static final Pattern MESH_NAME = Pattern.compile("^[0-9a-z-_.]*$");

    /**
     * The mesh a namespaced resource names: its {@code kuma.io/mesh} label, {@code default} when absent, checked against
     * the lenient (pre-2.5) mesh name rule (Kuma {@code pkg/core/resources/apis/mesh/meta_validator.go} {@code ValidateMesh}).
     */
    private static List<Violation> meshLabel(Kind kind, Map<String, String> labels) {
        if (!kind.namespaced()) {
            return List.of();
        }
        String mesh = labels.containsKey(MESH_LABEL) ? labels.get(MESH_LABEL) : "default";
        String source = "pkg/core/resources/apis/mesh/meta_validator.go";
        if (mesh.isEmpty()) {
            return refusal("mesh", "cannot be empty", source);
        }
        if (mesh.getBytes(StandardCharsets.UTF_8).length > 253) {
            return refusal("mesh", "value length must less or equal 253", source);
        }
        if (!MESH_NAME.matcher(mesh).matches()) {
            return refusal("mesh", "invalid characters. Valid characters are numbers, lowercase latin letters and '-', '_', '.' symbols.", source);
        }
        return List.of();
    }

    /** A non-empty {@code kuma.io/origin} must be {@code global} or {@code zone} (Kuma {@code validation.go}, {@code api/mesh/v1alpha1/dataplane_helpers.go}). */
    private static List<Violation> originLabelValue(Map<String, String> labels) {
        String origin = origin(labels);
        if (origin == null || origin.equals("global") || origin.equals("zone")) {
            return List.of();
        }
        return refusal(FieldPath.root().field("labels").key(ORIGIN_LABEL).toString(),
                "unknown resource origin " + GoQuote.quote(origin), VALIDATION);
    }

    /** Kuma treats an empty origin label as no origin (Kuma {@code pkg/core/resources/model/resource.go}). */
    private static String origin(Map<String, String> labels) {
        String origin = labels.get(ORIGIN_LABEL);
        return origin == null || origin.isEmpty() ? null : origin;
    }

    private static List<Violation> refusal(String field, String message, String source) {
        return List.of(new Violation(field, message, source));
    }
}
