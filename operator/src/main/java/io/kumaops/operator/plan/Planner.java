package io.kumaops.operator.plan;

import io.kumaops.operator.model.DesiredResource;
import io.kumaops.operator.model.ResourceRef;
import io.kumaops.operator.model.GoDuration;
import io.kumaops.operator.model.Labels;
import io.kumaops.operator.model.Step;
import io.kumaops.operator.api.v1alpha1.CaBackend;
import io.kumaops.operator.api.v1alpha1.CaBackendType;
import io.kumaops.operator.api.v1alpha1.ComputeResources;
import io.kumaops.operator.api.v1alpha1.ControlPlaneEnvironment;
import io.kumaops.operator.api.v1alpha1.ControlPlaneRole;
import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfileSpec;
import io.kumaops.operator.model.KumaVersion;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfileStatus;
import io.kumaops.operator.api.v1alpha1.MtlsRotationStatus;
import io.kumaops.operator.api.v1alpha1.FindingSource;
import io.kumaops.operator.api.v1alpha1.PolicyCanaryStatus;
import io.kumaops.operator.api.v1alpha1.RolloutStrategy;
import io.kumaops.operator.api.v1alpha1.MtlsMode;
import io.kumaops.operator.api.v1alpha1.PermissionAction;
import io.kumaops.operator.api.v1alpha1.PermissionRule;
import io.kumaops.operator.api.v1alpha1.PoliciesSpec;
import io.kumaops.operator.api.v1alpha1.Severity;
import io.kumaops.operator.api.v1alpha1.TargetRef;
import io.kumaops.operator.api.v1alpha1.TrafficPermissionMode;
import io.kumaops.operator.api.v1alpha1.ZoneIngressSpec;
import io.kumaops.operator.api.v1alpha1.ZoneSpec;
import io.kumaops.operator.model.ClusterObservation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a profile (and what is known of the cluster) into the ordered rollout steps. Pure: no I/O, the same
 * input always gives the same plan, and the CLI's {@code render} and the operator share it.
 */
public final class Planner {

    public static final String KUMA_API = "kuma.io/v1alpha1";
    /** Kuma's control-plane container in its Helm chart. */
    public static final String CONTROL_PLANE_CONTAINER = "control-plane";
    public static final int KDS_PORT = 5685;
    public static final int WEBHOOK_PORT = 5443;
    public static final int API_HTTP_PORT = 5681;
    public static final int API_HTTPS_PORT = 5682;
    /** Data planes from which reachable services pay off (production guide: 1000+). */
    public static final int REACHABLE_SERVICES_THRESHOLD = 1000;

    public static final String ENV_REACHABLE_SERVICES = "KUMA_EXPERIMENTAL_AUTO_REACHABLE_SERVICES";
    public static final String ENV_IGNORED_SELECTOR_LABELS = "KUMA_RUNTIME_KUBERNETES_INJECTOR_IGNORED_SERVICE_SELECTOR_LABELS";
    public static final String ENV_SKIP_MESH_OWNER_REFERENCE = "KUMA_RUNTIME_KUBERNETES_SKIP_MESH_OWNER_REFERENCE";
    public static final String ROLLOUTS_HASH_LABEL = "rollouts-pod-template-hash";

    public Plan plan(KumaProductionProfile profile) {
        return plan(profile, ClusterState.offline());
    }

    public Plan plan(KumaProductionProfile profile, ClusterState state) {
        return plan(profile, state, RolloutSignals.offline());
    }

    /** @param signals the time and open Error findings, which the multi-phase changes (CA rotation, canary) depend on */
    public Plan plan(KumaProductionProfile profile, ClusterState state, RolloutSignals signals) {
        Context context = new Context(profile, state, signals);
        List<PlannedStep> steps = List.of(
                controlPlane(context),
                mesh(context),
                trafficPermission(context),
                mtls(context),
                defaults(context),
                multiZone(context),
                restrict(context));
        return new Plan(profile.getMetadata().getName(), context.mesh, steps, List.copyOf(context.findings),
                new RolloutTracking(context.rotation, context.canary, context.reviewAt));
    }

    /** Names the planner gives to what it emits, so the operator and tests find them. */
    public static String allowAllName(String mesh) {
        return "allow-all-" + mesh;
    }

    public static String ruleName(String mesh, PermissionRule rule) {
        return mesh + "-" + rule.name;
    }

    /** The replicas the operator applies: the request, rounded up to the next odd number. */
    public static int oddReplicas(int requested) {
        return requested % 2 == 0 ? requested + 1 : requested;
    }

    private static final class Context {
        final KumaProductionProfile profile;
        final KumaProductionProfileSpec spec;
        final ClusterState state;
        final String mesh;
        final String systemNamespace;
        final KumaVersion version;
        final List<Finding> findings = new ArrayList<>();
        final RolloutSignals signals;
        /** What the previous status recorded, carried over unless a step decides anew. */
        MtlsRotationStatus rotation;
        PolicyCanaryStatus canary;
        Instant reviewAt;

        Context(KumaProductionProfile profile, ClusterState state, RolloutSignals signals) {
            this.profile = profile;
            this.spec = profile.getSpec();
            this.state = state;
            this.signals = signals;
            this.mesh = profile.meshName();
            this.systemNamespace = spec.controlPlane.systemNamespace;
            this.version = KumaVersion.parse(spec.kumaVersion);
            KumaProductionProfileStatus previous = profile.getStatus();
            this.rotation = previous == null ? null : previous.mtlsRotation;
        }

        void reviewAt(Instant when) {
            if (when != null && (reviewAt == null || when.isBefore(reviewAt))) {
                reviewAt = when;
            }
        }

        /** Why promoting a canary is unsafe right now: open Error findings, or a Degraded condition; null when healthy. */
        String unhealthy() {
            List<String> errors = new ArrayList<>(signals.errorFindings());
            findings.stream().filter(f -> f.severity == Severity.Error && !f.isSuppressed()).map(f -> f.code)
                    .filter(code -> !errors.contains(code)).forEach(errors::add);
            List<String> reasons = new ArrayList<>();
            if (!errors.isEmpty()) {
                reasons.add("Error findings " + String.join(", ", errors));
            }
            KumaProductionProfileStatus previous = profile.getStatus();
            if (previous != null && previous.conditions != null) {
                previous.conditions.stream()
                        .filter(condition -> "Degraded".equals(condition.getType()) && "True".equals(condition.getStatus()))
                        .findFirst().ifPresent(condition -> reasons.add("Degraded (" + condition.getReason() + ")"));
            }
            return reasons.isEmpty() ? null : String.join(" and ", reasons);
        }

        Map<String, Object> metadata(Step step, String name, String namespace, Map<String, String> extraLabels) {
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("name", name);
            if (namespace != null) {
                metadata.put("namespace", namespace);
            }
            Map<String, String> labels = new LinkedHashMap<>(extraLabels);
            labels.put(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE);
            labels.put(Labels.PROFILE, profile.getMetadata().getName());
            metadata.put("labels", labels);
            metadata.put("annotations", new LinkedHashMap<>(map(Labels.STEP, step.id())));
            return metadata;
        }

        /** Labels every namespaced Kuma policy needs: its mesh, and on a federated zone the zone origin. */
        Map<String, String> policyLabels() {
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put(Labels.KUMA_MESH, mesh);
            if (spec.controlPlane.role == ControlPlaneRole.Zone) {
                labels.put(Labels.KUMA_ORIGIN, "zone");
            }
            return labels;
        }

        DesiredResource resource(Step step, String apiVersion, String kind, String name, String namespace,
                                 Map<String, String> labels, Map<String, Object> spec) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("apiVersion", apiVersion);
            body.put("kind", kind);
            body.put("metadata", metadata(step, name, namespace, labels));
            body.put("spec", spec);
            return new DesiredResource(step, new ResourceRef(apiVersion, kind, namespace, name), body);
        }

        DesiredResource kumaPolicy(Step step, String kind, String name, Map<String, Object> spec) {
            return resource(step, KUMA_API, kind, name, systemNamespace, policyLabels(), spec);
        }

        DesiredResource kumaPolicy(Step step, String kind, String name, Map<String, Object> spec, Map<String, String> annotations) {
            DesiredResource resource = kumaPolicy(step, kind, name, spec);
            @SuppressWarnings("unchecked")
            Map<String, Object> metadata = (Map<String, Object>) resource.body().get("metadata");
            @SuppressWarnings("unchecked")
            Map<String, Object> existing = (Map<String, Object>) metadata.get("annotations");
            existing.putAll(annotations);
            return resource;
        }

        boolean mtlsEnabled() {
            return Boolean.TRUE.equals(spec.mtls.enabled);
        }

        boolean multiZoneInScope() {
            return Boolean.TRUE.equals(spec.multiZone.enabled) || spec.controlPlane.role != ControlPlaneRole.Standalone;
        }

        Integer dataplanes() {
            Integer observed = state.observation().dataplanes();
            Integer expected = spec.controlPlane.expectedDataplanes;
            if (observed == null) {
                return expected;
            }
            return expected == null ? observed : Math.max(observed, expected);
        }

        boolean argoCd() {
            return spec.gitOps.argoCD != null ? spec.gitOps.argoCD : Boolean.TRUE.equals(state.observation().argoCdInstalled());
        }

        boolean argoRollouts() {
            return spec.gitOps.argoRollouts != null ? spec.gitOps.argoRollouts
                    : Boolean.TRUE.equals(state.observation().argoRolloutsInstalled());
        }
    }

    // ---- step 0: control plane -------------------------------------------------------------------------------

    private PlannedStep controlPlane(Context c) {
        if (!Boolean.TRUE.equals(c.spec.controlPlane.manage)) {
            return empty(Step.CONTROL_PLANE, "controlPlane.manage is false: the control-plane Deployment is left as installed");
        }
        if (c.spec.controlPlane.environment != ControlPlaneEnvironment.Kubernetes) {
            return empty(Step.CONTROL_PLANE, "environment Universal: there is no Deployment to manage");
        }
        List<String> notes = new ArrayList<>();
        List<DesiredResource> apply = new ArrayList<>();
        Map<String, Object> container = new LinkedHashMap<>();
        container.put("name", CONTROL_PLANE_CONTAINER);
        if (c.spec.controlPlane.resources != null) {
            Map<String, Object> resources = new LinkedHashMap<>();
            putResources(resources, "requests", c.spec.controlPlane.resources.requests);
            putResources(resources, "limits", c.spec.controlPlane.resources.limits);
            if (!resources.isEmpty()) {
                container.put("resources", resources);
            }
        }
        container.put("env", controlPlaneEnv(c));
        Map<String, Object> deploymentSpec = new LinkedHashMap<>();
        Integer requested = c.spec.controlPlane.replicas;
        if (requested != null) {
            int replicas = oddReplicas(requested);
            if (replicas != requested) {
                notes.add("spec.controlPlane.replicas " + requested + " is even; " + replicas + " replicas are applied");
            }
            deploymentSpec.put("replicas", replicas);
        }
        deploymentSpec.put("template", map("spec", map("containers", List.of(container))));
        apply.add(c.resource(Step.CONTROL_PLANE, "apps/v1", "Deployment", c.spec.controlPlane.deploymentName,
                c.systemNamespace, Map.of(), deploymentSpec).asPatchOnly(Boolean.TRUE.equals(c.spec.controlPlane.forceOwnership)));
        if (Boolean.TRUE.equals(c.spec.controlPlane.podDisruptionBudget)) {
            Map<String, Object> pdbSpec = new LinkedHashMap<>();
            pdbSpec.put("maxUnavailable", 1);
            pdbSpec.put("selector", map("matchLabels", controlPlaneSelector(c)));
            apply.add(c.resource(Step.CONTROL_PLANE, pdbApiVersion(c), "PodDisruptionBudget",
                    c.spec.controlPlane.deploymentName + "-pdb", c.systemNamespace, Map.of(), pdbSpec));
        }
        return new PlannedStep(Step.CONTROL_PLANE, apply, List.of(), notes);
    }

    private static List<Map<String, Object>> controlPlaneEnv(Context c) {
        List<Map<String, Object>> env = new ArrayList<>();
        boolean reachable = switch (c.spec.controlPlane.reachableServices) {
            case Enabled -> true;
            case Disabled -> false;
            case Auto -> autoReachableServices(c);
        };
        env.add(envVar(ENV_REACHABLE_SERVICES, Boolean.toString(reachable)));
        if (c.argoRollouts()) {
            env.add(envVar(ENV_IGNORED_SELECTOR_LABELS, ROLLOUTS_HASH_LABEL));
        }
        if (c.argoCd()) {
            env.add(envVar(ENV_SKIP_MESH_OWNER_REFERENCE, "true"));
        }
        return env;
    }

    /**
     * Auto turns reachable services on at 1000 data planes and off only below 900: each flip restarts the
     * control plane, so a mesh hovering around the threshold must not flip it back and forth.
     */
    private static boolean autoReachableServices(Context c) {
        Integer dataplanes = c.dataplanes();
        if (dataplanes == null) {
            return false;
        }
        ClusterObservation.ControlPlaneDeployment live = c.state.observation().controlPlane();
        boolean onNow = live != null && "true".equals(live.env().get(ENV_REACHABLE_SERVICES));
        return onNow ? dataplanes >= REACHABLE_SERVICES_THRESHOLD * 9 / 10 : dataplanes >= REACHABLE_SERVICES_THRESHOLD;
    }

    private static Map<String, Object> envVar(String name, String value) {
        Map<String, Object> variable = new LinkedHashMap<>();
        variable.put("name", name);
        variable.put("value", value);
        return variable;
    }

    private static Map<String, String> controlPlaneSelector(Context c) {
        ClusterObservation.ControlPlaneDeployment deployment = c.state.observation().controlPlane();
        if (deployment != null && deployment.selector() != null && !deployment.selector().isEmpty()) {
            return deployment.selector();
        }
        return Map.of("app", "kuma-control-plane");
    }

    private static String pdbApiVersion(Context c) {
        return c.state.serves("policy/v1") ? "policy/v1" : "policy/v1beta1";
    }

    private static void putResources(Map<String, Object> target, String key, ComputeResources resources) {
        if (resources == null) {
            return;
        }
        Map<String, Object> values = new LinkedHashMap<>();
        if (resources.cpu != null) {
            values.put("cpu", resources.cpu.toString());
        }
        if (resources.memory != null) {
            values.put("memory", resources.memory.toString());
        }
        if (!values.isEmpty()) {
            target.put(key, values);
        }
    }

    // ---- step 1: mesh ----------------------------------------------------------------------------------------

    private PlannedStep mesh(Context c) {
        if (c.spec.controlPlane.role == ControlPlaneRole.Zone) {
            return empty(Step.MESH, "on a federated zone the Mesh is synced from the global control plane");
        }
        return new PlannedStep(Step.MESH, List.of(meshResource(c, Step.MESH, observedMtls(c))), List.of(), List.of());
    }

    /** The live Mesh's mtls block: step 1 re-applies it so the operator never switches mTLS off. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> observedMtls(Context c) {
        if (c.state.meshSpec() == null || !(c.state.meshSpec().get("mtls") instanceof Map<?, ?> mtls)) {
            return null;
        }
        return (Map<String, Object>) mtls;
    }

    private static DesiredResource meshResource(Context c, Step step, Map<String, Object> mtls) {
        Map<String, Object> spec = new LinkedHashMap<>();
        if (mtls != null) {
            spec.put("mtls", mtls);
        }
        List<String> skipped = c.spec.policies.definedKinds();
        if (!skipped.isEmpty()) {
            // Kuma creates its own mesh-wide defaults for a new mesh; ours replace them, so two would fragment.
            spec.put("skipCreatingInitialPolicies", skipped);
        }
        return c.resource(step, KUMA_API, "Mesh", c.mesh, null, Map.of(), spec);
    }

    // ---- step 2: permission before mTLS ----------------------------------------------------------------------

    private PlannedStep trafficPermission(Context c) {
        if (restrictedRulesInPlace(c)) {
            return empty(Step.TRAFFIC_PERMISSION, "restricted MeshTrafficPermissions are in place; the allow-all is not needed");
        }
        return new PlannedStep(Step.TRAFFIC_PERMISSION, List.of(allowAll(c, Step.TRAFFIC_PERMISSION)), List.of(), List.of());
    }

    private static DesiredResource allowAll(Context c, Step step) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("targetRef", map("kind", "Mesh"));
        spec.put("from", List.of(map("targetRef", map("kind", "Mesh"), "default", map("action", "Allow"))));
        return c.kumaPolicy(step, "MeshTrafficPermission", allowAllName(c.mesh), spec);
    }

    private static boolean restrictedRulesInPlace(Context c) {
        if (c.spec.trafficPermissions.mode != TrafficPermissionMode.Restricted || !hasAllowRule(c)) {
            return false;
        }
        return c.spec.trafficPermissions.rules.stream()
                .allMatch(rule -> c.state.presentPolicies().contains(ruleName(c.mesh, rule)));
    }

    private static boolean hasAllowRule(Context c) {
        return c.spec.trafficPermissions.rules.stream().anyMatch(rule -> rule.action.letsTrafficThrough());
    }

    // ---- step 3: mTLS ----------------------------------------------------------------------------------------

    private PlannedStep mtls(Context c) {
        Map<String, Object> observed = observedMtls(c);
        if (!c.mtlsEnabled()) {
            if (observed != null && observed.get("enabledBackend") != null) {
                c.findings.add(new Finding("MtlsDisableRefused", Severity.Warning, "spec.mtls.enabled",
                        "spec.mtls.enabled is false but mesh " + c.mesh + " has mTLS on (backend " + observed.get("enabledBackend")
                                + "); the operator never switches mTLS off under running traffic",
                        "Set spec.mtls.enabled: true, or switch mTLS off by hand after checking no traffic depends on it"));
                return empty(Step.MTLS, "mTLS stays on as observed");
            }
            return empty(Step.MTLS, "spec.mtls.enabled is false");
        }
        if (c.spec.controlPlane.role == ControlPlaneRole.Zone) {
            return empty(Step.MTLS, "on a federated zone mTLS is configured on the global control plane's Mesh");
        }
        boolean defined = c.spec.mtls.backends.stream().anyMatch(b -> b.name.equals(c.spec.mtls.enabledBackend));
        if (!defined) {
            return empty(Step.MTLS, "spec.mtls.enabledBackend names no backend");
        }
        List<Map<String, Object>> backends = new ArrayList<>();
        for (CaBackend backend : c.spec.mtls.backends) {
            backends.add(backend(backend, c.spec.mtls.mode));
        }
        // A change of enabledBackend on a live Mesh is a CA rotation: one phase per pass, each observed.
        MtlsRotation.Decision rotation = MtlsRotation.decide(c.mesh, c.spec.mtls.enabledBackend, backends, observed, c.rotation,
                c.signals.now());
        c.rotation = rotation.status();
        c.reviewAt(rotation.reviewAt());
        List<String> notes = rotation.status() == null || rotation.status().message == null ? List.of()
                : List.of("CA rotation " + rotation.status().phase + ": " + rotation.status().message);
        if (rotation.blocking() != null) {
            c.findings.add(rotation.blocking());
            return new PlannedStep(Step.MTLS, List.of(), List.of(), List.of(rotation.blocking().message),
                    List.of(rotation.blocking().code), null);
        }
        return new PlannedStep(Step.MTLS, List.of(meshResource(c, Step.MTLS, rotation.mtls())), List.of(), notes, List.of(),
                rotation.hold());
    }

    private static Map<String, Object> backend(CaBackend backend, MtlsMode mode) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("name", backend.name);
        result.put("type", backend.type == CaBackendType.Builtin ? "builtin" : "provided");
        result.put("mode", mode == MtlsMode.Permissive ? "PERMISSIVE" : "STRICT");
        result.put("dpCert", map("rotation", map("expiration", backend.dpCertValidity)));
        Map<String, Object> conf = new LinkedHashMap<>();
        if (backend.type == CaBackendType.Builtin) {
            Map<String, Object> caCert = new LinkedHashMap<>();
            if (backend.rsaBits != null) {
                caCert.put("RSAbits", backend.rsaBits);
            }
            if (backend.caValidity != null) {
                caCert.put("expiration", backend.caValidity);
            }
            if (!caCert.isEmpty()) {
                conf.put("caCert", caCert);
            }
        } else {
            conf.put("cert", map("secret", backend.certSecretRef.name));
            conf.put("key", map("secret", backend.keySecretRef.name));
        }
        if (!conf.isEmpty()) {
            result.put("conf", conf);
        }
        return result;
    }

    // ---- step 4: defaults ------------------------------------------------------------------------------------

    private PlannedStep defaults(Context c) {
        List<DesiredResource> apply = new ArrayList<>();
        if (c.spec.sidecar.requests != null || c.spec.sidecar.limits != null) {
            apply.add(containerPatch(c));
        }
        PoliciesSpec policies = c.spec.policies;
        List<DesiredResource> meshWide = new ArrayList<>();
        if (policies.timeout != null) {
            meshWide.addAll(timeouts(c));
        }
        if (policies.retry != null) {
            Map<String, Object> http = new LinkedHashMap<>();
            putIfSet(http, "numRetries", policies.retry.numRetries);
            putIfSet(http, "perTryTimeout", policies.retry.perTryTimeout);
            meshWide.add(c.kumaPolicy(Step.DEFAULTS, "MeshRetry", "kumaops-retry-" + c.mesh,
                    meshWide("to", map("http", http))));
        }
        if (policies.circuitBreaker != null) {
            Map<String, Object> conf = new LinkedHashMap<>();
            if (policies.circuitBreaker.maxConnections != null) {
                conf.put("connectionLimits", map("maxConnections", policies.circuitBreaker.maxConnections));
            }
            if (policies.circuitBreaker.consecutiveErrors != null) {
                conf.put("outlierDetection", map("detectors",
                        map("totalFailures", map("consecutive", policies.circuitBreaker.consecutiveErrors))));
            }
            meshWide.add(c.kumaPolicy(Step.DEFAULTS, "MeshCircuitBreaker", "kumaops-circuit-breaker-" + c.mesh,
                    meshWide("to", conf)));
        }
        List<ResourceRef> delete = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (c.spec.rollout.strategy == RolloutStrategy.Canary && c.spec.rollout.canary != null) {
            PolicyCanary.Decision canary = PolicyCanary.decide(meshWide, c.state.ownedPolicies(), c.spec.rollout.canary.dataplaneTags,
                    GoDuration.parseOr(c.spec.rollout.canary.bakeTime, Duration.ofMinutes(10)), previousCanary(c),
                    c.profile.getMetadata().getGeneration(), c.unhealthy(), c.signals.now(),
                    (kind, name, spec, canaryOf) -> canaryOf == null ? c.kumaPolicy(Step.DEFAULTS, kind, name, spec)
                            : c.kumaPolicy(Step.DEFAULTS, kind, name, spec, Map.of(Labels.CANARY_OF, canaryOf)));
            apply.addAll(canary.apply());
            delete.addAll(canary.delete());
            c.canary = canary.status();
            c.reviewAt(canary.reviewAt());
            notes.add("policy canary " + canary.status().phase + ": " + canary.status().message);
        } else {
            apply.addAll(meshWide);
            // Leftovers of a canary when the strategy went back to Immediate.
            c.state.ownedPolicies().forEach((key, object) -> {
                if (key.endsWith(PolicyCanary.SUFFIX)) {
                    int slash = key.indexOf('/');
                    delete.add(new ResourceRef(KUMA_API, key.substring(0, slash), c.systemNamespace, key.substring(slash + 1)));
                }
            });
        }
        if (apply.isEmpty() && delete.isEmpty()) {
            notes.add("no sidecar resources or default policies in the profile");
        }
        return new PlannedStep(Step.DEFAULTS, apply, delete, notes);
    }

    private static PolicyCanaryStatus previousCanary(Context c) {
        return c.profile.getStatus() == null ? null : c.profile.getStatus().policyCanary;
    }

    private static DesiredResource containerPatch(Context c) {
        List<Map<String, Object>> patch = new ArrayList<>();
        addResourcePatch(patch, "requests", c.spec.sidecar.requests);
        addResourcePatch(patch, "limits", c.spec.sidecar.limits);
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("sidecarPatch", patch);
        return c.resource(Step.DEFAULTS, KUMA_API, "ContainerPatch", c.spec.sidecar.containerPatchName, c.systemNamespace,
                Map.of(), spec);
    }

    /** JSON-patch ops; Kuma wants each value as a string holding JSON, and "add" replaces an existing member. */
    private static void addResourcePatch(List<Map<String, Object>> patch, String key, ComputeResources resources) {
        if (resources == null || (resources.cpu == null && resources.memory == null)) {
            return;
        }
        StringBuilder json = new StringBuilder("{");
        if (resources.cpu != null) {
            json.append("\"cpu\":\"").append(resources.cpu).append('"');
        }
        if (resources.memory != null) {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append("\"memory\":\"").append(resources.memory).append('"');
        }
        json.append('}');
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("op", "add");
        op.put("path", "/resources/" + key);
        op.put("value", json.toString());
        patch.add(op);
    }

    /**
     * Timeouts apply both ways. Kuma 2.10 moved inbound settings to {@code rules[]} and does not take rules and
     * to in one policy, so from 2.10 inbound and outbound are two policies; 2.9 takes one with from and to.
     */
    private static List<DesiredResource> timeouts(Context c) {
        Map<String, Object> conf = new LinkedHashMap<>();
        putIfSet(conf, "connectionTimeout", c.spec.policies.timeout.connectionTimeout);
        putIfSet(conf, "idleTimeout", c.spec.policies.timeout.idleTimeout);
        if (c.spec.policies.timeout.requestTimeout != null) {
            conf.put("http", map("requestTimeout", c.spec.policies.timeout.requestTimeout));
        }
        String name = "kumaops-timeout-" + c.mesh;
        if (c.version.inboundRulesApi()) {
            Map<String, Object> inbound = new LinkedHashMap<>();
            inbound.put("targetRef", map("kind", "Mesh"));
            inbound.put("rules", List.of(map("default", conf)));
            return List.of(
                    c.kumaPolicy(Step.DEFAULTS, "MeshTimeout", name + "-inbound", inbound),
                    c.kumaPolicy(Step.DEFAULTS, "MeshTimeout", name, meshWide("to", conf)));
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("targetRef", map("kind", "Mesh"));
        spec.put("from", List.of(map("targetRef", map("kind", "Mesh"), "default", conf)));
        spec.put("to", List.of(map("targetRef", map("kind", "Mesh"), "default", conf)));
        return List.of(c.kumaPolicy(Step.DEFAULTS, "MeshTimeout", name, spec));
    }

    private static Map<String, Object> meshWide(String direction, Map<String, Object> conf) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("targetRef", map("kind", "Mesh"));
        spec.put(direction, List.of(map("targetRef", map("kind", "Mesh"), "default", conf)));
        return spec;
    }

    private static void putIfSet(Map<String, Object> target, String key, Object value) {
        if (value != null) {
            target.put(key, value);
        }
    }

    // ---- step 5: multi-zone ----------------------------------------------------------------------------------

    private PlannedStep multiZone(Context c) {
        if (!c.multiZoneInScope()) {
            return empty(Step.MULTI_ZONE, "single zone");
        }
        if (!c.mtlsEnabled()) {
            return empty(Step.MULTI_ZONE, "cross-zone traffic needs mTLS; nothing is emitted until it is enabled");
        }
        List<DesiredResource> apply = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (c.spec.controlPlane.role == ControlPlaneRole.Zone && !c.state.isOffline() && !observedMtlsEnabled(c)) {
            // A zone's Mesh, and its mTLS, come from the global control plane: cross-zone objects wait until it is on.
            Finding finding = new Finding(CROSS_ZONE_WITHOUT_MTLS, Severity.Error, "spec.multiZone",
                    "mesh " + c.mesh + " on this zone has no enabled mTLS backend (the Mesh is synced from the global control plane);"
                            + " zone-ingress scaling and the zone's policy fence wait until mTLS is observed on",
                    "enable mTLS on the global control plane's profile for mesh " + c.mesh + " and check that this zone is connected");
            finding.source = FindingSource.Cluster;
            finding.docsUrl = MtlsRotation.DOCS_URL + "multi-zone";
            finding.suppressed = false;
            c.findings.add(finding);
            return new PlannedStep(Step.MULTI_ZONE, List.of(), List.of(), List.of(finding.message), List.of(CROSS_ZONE_WITHOUT_MTLS), null);
        }
        if (c.spec.controlPlane.role == ControlPlaneRole.Global) {
            for (ZoneSpec zone : c.spec.multiZone.zones) {
                apply.add(c.resource(Step.MULTI_ZONE, KUMA_API, "Zone", zone.name, null, Map.of(),
                        map("enabled", !Boolean.FALSE.equals(zone.enabled))));
            }
            if (Boolean.TRUE.equals(c.spec.multiZone.fenceGlobalControlPlane)) {
                apply.add(globalFence(c));
            }
        } else {
            if (c.spec.controlPlane.role == ControlPlaneRole.Zone) {
                apply.addAll(ZonePolicyFence.resources(c.profile, c.state, c.findings, notes,
                        (apiVersion, kind, name, spec) -> c.resource(Step.MULTI_ZONE, apiVersion, kind, name, null, Map.of(), spec)));
            }
            ZoneIngressSpec ingress = c.spec.multiZone.zoneIngress != null ? c.spec.multiZone.zoneIngress : new ZoneIngressSpec();
            apply.add(zoneIngressAutoscaler(c, ingress));
            Map<String, Object> pdbSpec = new LinkedHashMap<>();
            pdbSpec.put("maxUnavailable", 1);
            pdbSpec.put("selector", map("matchLabels", Map.of("app", ingress.deploymentName)));
            apply.add(c.resource(Step.MULTI_ZONE, pdbApiVersion(c), "PodDisruptionBudget", ingress.deploymentName + "-pdb",
                    c.systemNamespace, Map.of(), pdbSpec));
        }
        return new PlannedStep(Step.MULTI_ZONE, apply, List.of(), notes);
    }

    /** Raised by the planner for a zone whose synced Mesh has no mTLS; the rule of the same code covers the profile. */
    public static final String CROSS_ZONE_WITHOUT_MTLS = "CrossZoneWithoutMtls";

    private static boolean observedMtlsEnabled(Context c) {
        Map<String, Object> mtls = observedMtls(c);
        return mtls != null && mtls.get("enabledBackend") instanceof String backend && !backend.isBlank();
    }

    /** Only zone control planes (KDS) and the API server (admission webhook) reach the global control plane. */
    private static DesiredResource globalFence(Context c) {
        Map<String, Object> kds = new LinkedHashMap<>();
        if (!c.spec.multiZone.zoneControlPlaneCidrs.isEmpty()) {
            kds.put("from", c.spec.multiZone.zoneControlPlaneCidrs.stream()
                    .map(cidr -> map("ipBlock", map("cidr", cidr))).toList());
        }
        kds.put("ports", List.of(tcpPort(KDS_PORT)));
        Map<String, Object> webhook = map("ports", List.of(tcpPort(WEBHOOK_PORT)));
        Map<String, Object> sameNamespace = new LinkedHashMap<>();
        sameNamespace.put("from", List.of(map("podSelector", Map.of())));
        sameNamespace.put("ports", List.of(tcpPort(API_HTTP_PORT), tcpPort(API_HTTPS_PORT)));
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("podSelector", map("matchLabels", controlPlaneSelector(c)));
        spec.put("policyTypes", List.of("Ingress"));
        spec.put("ingress", List.of(kds, webhook, sameNamespace));
        return c.resource(Step.MULTI_ZONE, "networking.k8s.io/v1", "NetworkPolicy", "kuma-global-control-plane-fence",
                c.systemNamespace, Map.of(), spec);
    }

    private static Map<String, Object> tcpPort(int port) {
        return map("protocol", "TCP", "port", port);
    }

    private static DesiredResource zoneIngressAutoscaler(Context c, ZoneIngressSpec ingress) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("scaleTargetRef", map("apiVersion", "apps/v1", "kind", "Deployment", "name", ingress.deploymentName));
        spec.put("minReplicas", ingress.minReplicas);
        spec.put("maxReplicas", ingress.maxReplicas);
        // The newest version the server serves: autoscaling/v2 (1.23+), v2beta2 (1.12-1.25, e.g. 1.20), else v1.
        String apiVersion = c.state.serves("autoscaling/v2") ? "autoscaling/v2"
                : c.state.serves("autoscaling/v2beta2") ? "autoscaling/v2beta2" : "autoscaling/v1";
        if (!apiVersion.equals("autoscaling/v1")) {
            spec.put("metrics", List.of(map("type", "Resource", "resource", map("name", "cpu",
                    "target", map("type", "Utilization", "averageUtilization", ingress.targetCPUUtilizationPercentage)))));
        } else {
            spec.put("targetCPUUtilizationPercentage", ingress.targetCPUUtilizationPercentage);
        }
        return c.resource(Step.MULTI_ZONE, apiVersion, "HorizontalPodAutoscaler", ingress.deploymentName, c.systemNamespace,
                Map.of(), spec);
    }

    // ---- step 6: restrict ------------------------------------------------------------------------------------

    private PlannedStep restrict(Context c) {
        if (c.spec.trafficPermissions.mode != TrafficPermissionMode.Restricted) {
            return empty(Step.RESTRICT, "trafficPermissions.mode is AllowAll");
        }
        List<DesiredResource> apply = new ArrayList<>();
        for (PermissionRule rule : c.spec.trafficPermissions.rules) {
            Map<String, Object> spec = new LinkedHashMap<>();
            spec.put("targetRef", targetRef(rule.destination));
            spec.put("from", rule.sources.stream()
                    .map(source -> map("targetRef", targetRef(source), "default", map("action", rule.action.name())))
                    .toList());
            apply.add(c.kumaPolicy(Step.RESTRICT, "MeshTrafficPermission", ruleName(c.mesh, rule), spec));
        }
        if (!hasAllowRule(c)) {
            return new PlannedStep(Step.RESTRICT, apply, List.of(),
                    List.of("no Allow rule: the allow-all MeshTrafficPermission stays so traffic keeps flowing"));
        }
        ResourceRef allowAll = new ResourceRef(KUMA_API, "MeshTrafficPermission", c.systemNamespace, allowAllName(c.mesh));
        return new PlannedStep(Step.RESTRICT, apply, List.of(allowAll), List.of());
    }

    private static Map<String, Object> targetRef(TargetRef target) {
        Map<String, Object> ref = new LinkedHashMap<>();
        ref.put("kind", target.kind.name());
        if (target.name != null) {
            ref.put("name", target.name);
        }
        if (target.namespace != null) {
            ref.put("namespace", target.namespace);
        }
        if (target.tags != null && !target.tags.isEmpty()) {
            ref.put("tags", new LinkedHashMap<>(target.tags));
        }
        return ref;
    }

    /** An insertion-ordered map, so rendered YAML is identical run after run (Map.of's order is not). */
    static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static PlannedStep empty(Step step, String note) {
        return new PlannedStep(step, List.of(), List.of(), List.of(note));
    }
}
