package io.kumaops.operator.observe;

import io.kumaops.operator.model.ClusterObservation;
import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceList;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kumaops.operator.api.v1alpha1.ControlPlaneSpec;
import io.kumaops.operator.api.v1alpha1.DelegatedGateway;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfileSpec;
import io.kumaops.operator.kube.KubeAccess;
import io.kumaops.operator.kube.KubeKinds;
import io.kumaops.operator.kube.MetadataOnly;
import io.kumaops.operator.model.ClusterFacts;
import io.kumaops.operator.model.Labels;
import io.kumaops.operator.plan.Planner;
import io.kumaops.operator.plan.ZonePolicyFence;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the live cluster, read-only, into the facts the planner and the rules use. Every probe is independent:
 * one the operator may not perform (403) or that finds nothing leaves its fact null ("not observed") instead of
 * failing the reconcile. Large lists are paged and counted, never cached.
 */
public final class ClusterObserver implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterObserver.class);
    /** Page size when counting Dataplanes and reading DataplaneInsights: bounds memory however large the mesh is. */
    static final long PAGE_SIZE = 500;
    /**
     * A mesh's DataplaneInsights are read at most this often: one reading lists every insight of the mesh, so passes in
     * between reuse the last reading's digest (a few counts and names, never the objects).
     */
    public static final java.time.Duration INSIGHT_READ_INTERVAL = java.time.Duration.ofMinutes(1);
    static final String CILIUM_NAMESPACE = "kube-system";
    static final String CILIUM_CONFIG_MAP = "cilium-config";
    static final String HELM_TLS_SECRET = "kuma-tls-cert";
    static final String ENV_CNI_ENABLED = "KUMA_RUNTIME_KUBERNETES_INJECTOR_CNI_ENABLED";
    private static final String DEFAULT_MESH = "default";
    private static final String ARGO_GROUP = "argoproj.io";
    private static final List<String> VERSIONED_GROUPS = List.of("policy", "autoscaling", "networking.k8s.io", "admissionregistration.k8s.io");
    private static final Set<String> FORBIDDEN_REPORTED = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /**
     * Runs the independent reads of a pass concurrently. Shared by every pass of this observer and bounded, so a hundred
     * profiles reconciled at once do not open a thousand requests; a read never waits for another read on this pool, so
     * it cannot deadlock. Threads start on demand and end when idle; {@link #close()} ends them at once.
     */
    private final java.util.concurrent.ThreadPoolExecutor probes = new java.util.concurrent.ThreadPoolExecutor(16, 16, 30,
            java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(), runnable -> {
                Thread thread = new Thread(runnable, "cluster-observer");
                thread.setDaemon(true);
                return thread;
            });

    {
        probes.allowCoreThreadTimeOut(true);
    }

    @Override
    public void close() {
        probes.shutdownNow();
    }

    private final KubernetesClient client;
    private final KubeAccess kube;
    private final long pageSize;
    private final java.time.Clock clock;
    private final Set<String> refused = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Per mesh, the last reading of its DataplaneInsights (or the last attempt, when it failed). */
    private final InsightReadings insightReadings;
    /** Dataplane readings kept while the Dataplane watch vouches for them; null: every pass reads them (lint, render). */
    private final DataplaneReadings dataplaneReadings;

    public ClusterObserver(KubernetesClient client) {
        this(client, PAGE_SIZE);
    }

    /** @param pageSize objects per list request when counting (tests use a small one to cross page boundaries) */
    ClusterObserver(KubernetesClient client, long pageSize) {
        this(client, pageSize, INSIGHT_READ_INTERVAL, java.time.Clock.systemUTC());
    }

    /** @param insightReadInterval how often a mesh's DataplaneInsights are read at most ({@link #INSIGHT_READ_INTERVAL}) */
    public ClusterObserver(KubernetesClient client, java.time.Duration insightReadInterval, java.time.Clock clock) {
        this(client, PAGE_SIZE, insightReadInterval, clock, null);
    }

    /** @param dataplaneReadings kept between passes while the Dataplane watch reports no change (the operator's) */
    public ClusterObserver(KubernetesClient client, java.time.Duration insightReadInterval, java.time.Clock clock,
                           DataplaneReadings dataplaneReadings) {
        this(client, PAGE_SIZE, insightReadInterval, clock, dataplaneReadings);
    }

    ClusterObserver(KubernetesClient client, long pageSize, java.time.Duration insightReadInterval, java.time.Clock clock) {
        this(client, pageSize, insightReadInterval, clock, null);
    }

    ClusterObserver(KubernetesClient client, long pageSize, java.time.Duration insightReadInterval, java.time.Clock clock,
                    DataplaneReadings dataplaneReadings) {
        this.dataplaneReadings = dataplaneReadings;
        this.client = client;
        this.kube = new KubeAccess(client);
        this.pageSize = pageSize;
        this.insightReadings = new InsightReadings(insightReadInterval);
        this.clock = clock;
    }

    /** What this observer was not allowed to read (403), with the permission it lacked; lint reports it. */
    public Set<String> refusedProbes() {
        return new java.util.TreeSet<>(refused);
    }

    /** Kuma's Mesh resource is served: its CRD is installed and established (discovery; open to every user). */
    public boolean kumaInstalled() {
        return servesResource(Planner.KUMA_API, "meshes");
    }

    /** The system namespace's Kuma objects, listed lazily, once each, for one pass. */
    public KumaObjects kumaObjects(KumaProductionProfile profile) {
        return new KumaObjects(client, profile.getSpec().controlPlane.systemNamespace);
    }

    /** The live Mesh, the mesh's permissions and Kuma's reports, with {@code observation} folded in. */
    private ClusterFacts state(KumaProductionProfile profile, ClusterObservation observation, KumaObjects objects, StateReads reads) {
        String mesh = profile.meshName();
        CompletableFuture<Map<String, Object>> meshObject = reads.mesh();
        CompletableFuture<io.kumaops.operator.model.KumaReports> meshInsight = reads.meshInsight();
        Set<String> permissions = new HashSet<>();
        Set<String> foreign = new java.util.TreeSet<>();
        int meshPermissions = 0;
        List<GenericKubernetesResource> mtps = reads.permissions().join();
        for (GenericKubernetesResource mtp : mtps == null ? List.<GenericKubernetesResource>of() : mtps) {
            permissions.add(mtp.getMetadata().getName());
            Map<String, String> labels = mtp.getMetadata().getLabels() == null ? Map.of() : mtp.getMetadata().getLabels();
            // Kuma: a policy without kuma.io/mesh belongs to mesh "default" (api/mesh/v1alpha1/dataplane_helpers.go).
            if (!labels.getOrDefault(io.kumaops.operator.model.Labels.KUMA_MESH, "default").equals(mesh)) {
                continue;
            }
            meshPermissions++;
            if (!io.kumaops.operator.model.GeneratedNames.profileLabel(profile.getMetadata().getName()).equals(labels.get(io.kumaops.operator.model.Labels.PROFILE))) {
                foreign.add(mtp.getMetadata().getName());
            }
        }
        // The default-policy kinds are listed once per pass already (mesh-wide policies): counting them costs nothing more.
        Map<String, Integer> policies = new java.util.TreeMap<>();
        for (String kind : io.kumaops.operator.model.KumaKinds.DEFAULT_POLICY_KINDS) {
            List<GenericKubernetesResource> listed = probe(kind + "s", () -> objects.all(kind));
            if (listed != null) {
                policies.put(kind, (int) listed.stream().filter(p -> mesh.equals(meshOf(p))).count());
            }
        }
        Map<String, Object> liveMesh = meshObject.join();
        Set<String> served = new HashSet<>(observation.servedApis());
        return new ClusterFacts(liveMesh == null ? null : specOf(liveMesh), permissions, served, observation)
                .withForeignPermissions(foreign)
                .withKumaReports(withInsights(mesh, meshInsight.join(), observation, liveMtls(liveMesh), rotationBackends(profile, liveMesh)), meshPermissions)
                .withMeshPolicies(policies)
                .withHeldByOtherProfiles(OtherProfilesObjects.mesh(profile.getMetadata().getName(), liveMesh))
                .withZoneReports(zoneReports(profile))
                .withCanaryDataplanes(canaryDataplanes(profile));
    }

    /**
     * Once a policy canary's bake time is over: the mesh's Dataplanes that carry the canary tags and what their DataplaneInsights
     * say, for the gate on its promotion. Null otherwise (no canary, still baking), or when they cannot be read.
     */
    private io.kumaops.operator.model.CanaryDataplanes canaryDataplanes(KumaProductionProfile profile) {
        var spec = profile.getSpec();
        var previous = profile.getStatus() == null ? null : profile.getStatus().policyCanary;
        if (spec == null || spec.rollout == null || spec.rollout.strategy != io.kumaops.operator.api.v1alpha1.RolloutStrategy.Canary
                || spec.rollout.canary == null || spec.rollout.canary.dataplaneTags.isEmpty()
                || previous == null || !io.kumaops.operator.api.v1alpha1.PolicyCanaryStatus.BAKING.equals(previous.phase)) {
            return null;
        }
        java.time.Instant promoteAfter = io.kumaops.operator.model.Timestamps.parse(previous.promoteAfter);
        if (promoteAfter != null && clock.instant().isBefore(promoteAfter)) {
            // Only a promotion reads the evidence; during the bake nothing depends on it.
            return null;
        }
        Map<String, String> tags = spec.rollout.canary.dataplaneTags;
        return probe("the canary's Dataplanes and DataplaneInsights (list dataplanes, get dataplaneinsights)", () -> {
            List<io.kumaops.operator.model.CanaryDataplanes.Proxy> proxies = new ArrayList<>();
            long matched = 0;
            String continueToken = null;
            do {
                GenericKubernetesResourceList page = client.genericKubernetesResources(KubeKinds.kuma("Dataplane")).inAnyNamespace()
                        .withLabel(Labels.KUMA_MESH, profile.meshName())
                        .list(new ListOptionsBuilder().withLimit(pageSize).withContinue(continueToken).build());
                for (GenericKubernetesResource dataplane : page.getItems()) {
                    Map<?, ?> dataplaneSpec = dataplane.getAdditionalProperties().get("spec") instanceof Map<?, ?> m ? m : Map.of();
                    if (!io.kumaops.operator.model.CanaryDataplanes.carriesTags(dataplaneSpec, tags)) {
                        continue;
                    }
                    matched++;
                    if (proxies.size() < io.kumaops.operator.model.CanaryDataplanes.MAX_READ) {
                        String namespace = dataplane.getMetadata().getNamespace();
                        String name = dataplane.getMetadata().getName();
                        GenericKubernetesResource insight = client.genericKubernetesResources(KubeKinds.kuma("DataplaneInsight"))
                                .inNamespace(namespace).withName(name).get();
                        proxies.add(io.kumaops.operator.model.CanaryDataplanes.fromInsight(namespace + "/" + name,
                                insight != null && insight.getAdditionalProperties().get("status") instanceof Map<?, ?> status ? status : Map.of()));
                    }
                }
                continueToken = page.getMetadata() == null ? null : page.getMetadata().getContinue();
            } while (continueToken != null && !continueToken.isEmpty());
            return new io.kumaops.operator.model.CanaryDataplanes(proxies, matched);
        });
    }

    /**
     * The ZoneInsights a multi-zone profile's gates read: on a federated zone its own (named after the zone), on a
     * global control plane every zone's. Null for a standalone control plane, or when they cannot be read.
     */
    private io.kumaops.operator.model.ZoneReports zoneReports(KumaProductionProfile profile) {
        ControlPlaneSpec controlPlane = profile.getSpec() == null ? null : profile.getSpec().controlPlane;
        io.kumaops.operator.api.v1alpha1.ControlPlaneRole role = controlPlane == null ? null : controlPlane.role;
        if (role == io.kumaops.operator.api.v1alpha1.ControlPlaneRole.Zone && controlPlane.zoneName != null && !controlPlane.zoneName.isBlank()) {
            return probe("Kuma's ZoneInsight (get zoneinsights)", () -> {
                Map<String, Map<?, ?>> specs = new java.util.TreeMap<>();
                kube.get(new io.kumaops.operator.model.ResourceRef(Planner.KUMA_API, "ZoneInsight", null, controlPlane.zoneName))
                        .ifPresent(insight -> specs.put(controlPlane.zoneName, specOf(insight)));
                return io.kumaops.operator.model.ZoneReports.fromZoneInsights(specs);
            });
        }
        if (role == io.kumaops.operator.api.v1alpha1.ControlPlaneRole.Global) {
            return probe("Kuma's ZoneInsights (list zoneinsights)", () -> {
                Map<String, Map<?, ?>> specs = new java.util.TreeMap<>();
                for (GenericKubernetesResource insight : client.genericKubernetesResources(KubeKinds.kuma("ZoneInsight")).list().getItems()) {
                    specs.put(insight.getMetadata().getName(), insight.getAdditionalProperties().get("spec") instanceof Map<?, ?> spec ? spec : Map.of());
                }
                return io.kumaops.operator.model.ZoneReports.fromZoneInsights(specs);
            });
        }
        return null;
    }

    /**
     * The CA backends whose data planes the rollout's waits name: the live Mesh's enabled one first (the restrict step
     * waits for it), the profile's, then the live Mesh's others (a rotation drains them).
     */
    private static List<String> rotationBackends(KumaProductionProfile profile, Map<String, Object> liveMesh) {
        Map<?, ?> live = liveMtls(liveMesh);
        Set<String> backends = new java.util.LinkedHashSet<>();
        if (enabledBackend(live) != null) {
            backends.add(enabledBackend(live));
        }
        if (profile.getSpec() != null && profile.getSpec().mtls != null && profile.getSpec().mtls.enabledBackend != null) {
            backends.add(profile.getSpec().mtls.enabledBackend);
        }
        for (Object entry : live.get("backends") instanceof List<?> listed ? listed : List.of()) {
            if (entry instanceof Map<?, ?> backend && backend.get("name") instanceof String name) {
                backends.add(name);
            }
        }
        return List.copyOf(backends);
    }

    private static Map<?, ?> liveMtls(Map<String, Object> liveMesh) {
        return liveMesh != null && specOf(liveMesh).get("mtls") instanceof Map<?, ?> mtls ? mtls : Map.of();
    }

    private static String enabledBackend(Map<?, ?> mtls) {
        return mtls.get("enabledBackend") instanceof String enabled && !enabled.isBlank() ? enabled : null;
    }

    /**
     * The MeshInsight with what the mesh's DataplaneInsights say, when the MeshInsight counts someone they could name
     * ({@link io.kumaops.operator.model.KumaReports#dataplaneNamesWanted}); read at most once per interval per mesh,
     * whichever of the waits and findings asks ({@link InsightReadings}).
     *
     * @param liveMtls the live Mesh's mtls section (empty when none)
     * @param backends the CA backends whose data planes are named ({@link #rotationBackends})
     */
    private io.kumaops.operator.model.KumaReports withInsights(String mesh, io.kumaops.operator.model.KumaReports reports,
                                                               ClusterObservation observation, Map<?, ?> liveMtls, List<String> backends) {
        if (reports == null) {
            return null;
        }
        String controlPlaneVersion = observation.controlPlane() == null ? null
                : observation.controlPlane().kumaImage().map(io.kumaops.operator.model.KumaImage::patch).orElse(null);
        if (!reports.dataplaneNamesWanted(enabledBackend(liveMtls), controlPlaneVersion)) {
            insightReadings.forget(mesh);
            return reports;
        }
        java.time.Instant now = clock.instant();
        io.kumaops.operator.model.DataplaneInsightDigest digest = insightReadings.digest(mesh, now, () -> probe(
                "Kuma's DataplaneInsights (list dataplaneinsights in all namespaces)", () -> readInsights(mesh, now, controlPlaneVersion, backends)));
        return digest == null ? reports : reports.withInsights(digest);
    }

    /**
     * Reads the mesh's DataplaneInsights page by page, filtered by Kuma's computed {@code kuma.io/mesh} label, and keeps
     * only the digest: each page is dropped before the next is read.
     */
    io.kumaops.operator.model.DataplaneInsightDigest readInsights(String mesh, java.time.Instant at, String controlPlaneVersion,
                                                                  List<String> backends) {
        var digest = io.kumaops.operator.model.DataplaneInsightDigest.reading(at, controlPlaneVersion,
                io.kumaops.operator.rules.ProductionThresholds.CERTIFICATE_RENEWAL_GRACE).watching(backends);
        String continueToken = null;
        do {
            GenericKubernetesResourceList page = client.genericKubernetesResources(KubeKinds.kuma("DataplaneInsight")).inAnyNamespace()
                    .withLabel(Labels.KUMA_MESH, mesh)
                    .list(new ListOptionsBuilder().withLimit(pageSize).withContinue(continueToken).build());
            for (GenericKubernetesResource insight : page.getItems()) {
                digest.add(insight.getMetadata().getNamespace(), insight.getMetadata().getName(),
                        insight.getAdditionalProperties().get("status") instanceof Map<?, ?> status ? status : Map.of());
            }
            continueToken = page.getMetadata() == null ? null : page.getMetadata().getContinue();
        } while (continueToken != null && !continueToken.isEmpty());
        return digest.build();
    }

    /**
     * The pass's one reading of the cluster for a profile whose Kuma is installed: the detection facts, the live Mesh,
     * the mesh's MeshTrafficPermissions and Kuma's reports. The operator's passes and its clean-up read this.
     */
    public ClusterFacts facts(KumaProductionProfile profile, KumaObjects objects) {
        // The mesh's own reads (its Mesh, Kuma's report, its permissions) start first and run alongside the rest of
        // the observation: a gate's pass waits for the slowest read, not for the observation and then these.
        StateReads reads = startStateReads(profile, objects);
        return state(profile, observe(profile, true, objects), objects, reads);
    }

    /** The reads {@link #state} folds in, started before the rest of the observation. */
    private record StateReads(CompletableFuture<Map<String, Object>> mesh, CompletableFuture<io.kumaops.operator.model.KumaReports> meshInsight,
                              CompletableFuture<List<GenericKubernetesResource>> permissions) {
    }

    private StateReads startStateReads(KumaProductionProfile profile, KumaObjects objects) {
        String mesh = profile.meshName();
        io.kumaops.operator.model.ResourceRef meshRef = new io.kumaops.operator.model.ResourceRef(Planner.KUMA_API, "Mesh", null, mesh);
        CompletableFuture<Map<String, Object>> meshObject = async("mesh", () -> {
            Map<String, Object> live = kube.get(meshRef).orElse(null);
            // The rollout's walk judges the Mesh steps from this read until it writes the Mesh itself.
            objects.remember(meshRef, live);
            return live;
        });
        CompletableFuture<io.kumaops.operator.model.KumaReports> meshInsight = async("Kuma's MeshInsight (get meshinsights)",
                () -> kube.get(new io.kumaops.operator.model.ResourceRef(Planner.KUMA_API, "MeshInsight", null, mesh))
                        .map(insight -> io.kumaops.operator.model.KumaReports.fromMeshInsight(specOf(insight)).withReadAt(clock.instant()))
                        .orElse(null));
        CompletableFuture<List<GenericKubernetesResource>> permissions = async("permissions", () -> objects.all("MeshTrafficPermission"));
        // The default-policy kinds, each listed on its own thread; the mesh-wide policies and the counts read these lists.
        for (String kind : io.kumaops.operator.model.KumaKinds.DEFAULT_POLICY_KINDS) {
            async(kind + "s", () -> objects.all(kind));
        }
        return new StateReads(meshObject, meshInsight, permissions);
    }

    /**
     * The same reading, read-only, asking first whether Kuma is installed; used by {@code lint --cluster}, so that lint
     * judges a profile on the facts the operator would.
     */
    public ClusterFacts facts(KumaProductionProfile profile) {
        return readFacts(profile, false);
    }

    /**
     * {@link #facts(KumaProductionProfile)} and what a pass adds for the planner's one-owner check: the objects of the
     * profile's names that other profiles own. {@code lint --cluster} plans on these, so it reports the ownership
     * findings the operator would; a refused read is among {@link #refusedProbes()}.
     */
    public ClusterFacts factsForPlanning(KumaProductionProfile profile) {
        return readFacts(profile, true);
    }

    private ClusterFacts readFacts(KumaProductionProfile profile, boolean otherProfiles) {
        KumaProductionProfileSpec spec = profile.getSpec() == null ? new KumaProductionProfileSpec() : profile.getSpec();
        String namespace = spec.controlPlane == null ? new ControlPlaneSpec().systemNamespace : spec.controlPlane.systemNamespace;
        KumaObjects objects = new KumaObjects(client, namespace);
        boolean kuma = Boolean.TRUE.equals(probe("kuma", this::kumaInstalled));
        ClusterObservation observation = observe(profile, kuma, objects);
        if (!kuma) {
            return ClusterFacts.observed(observation);
        }
        ClusterFacts facts = state(profile, observation, objects, startStateReads(profile, objects));
        return otherProfiles ? OtherProfilesObjects.completing(facts, profile.getMetadata().getName(), spec, objects,
                new KubeAccess(client), refused::add) : facts;
    }

    /** The detection facts alone, read-only (no Mesh, no permissions). */
    public ClusterObservation observe(KumaProductionProfile profile) {
        return facts(profile).observation();
    }

    /**
     * Reads every fact for one profile, read-only, given whether Kuma is installed (the reconciler has just asked).
     * Discovery is read once (the API group list) and tells the served API versions, OpenShift and whether Argo's
     * group is there at all, so an Argo-less cluster costs no further request. Independent reads run concurrently:
     * a pass waits for the slowest read, not for their sum.
     */
    public ClusterObservation observe(KumaProductionProfile profile, boolean kuma, KumaObjects objects) {
        KumaProductionProfileSpec spec = profile.getSpec() == null ? new KumaProductionProfileSpec() : profile.getSpec();
        ControlPlaneSpec controlPlaneSpec = spec.controlPlane == null ? new ControlPlaneSpec() : spec.controlPlane;
        String namespace = controlPlaneSpec.systemNamespace;
        String deploymentName = controlPlaneSpec.deploymentName;
        // Facts that raise no event, as a pass read them, are reused by the passes of a wait at a gate (below).
        KeptFacts forWait = keptWhileWaiting(profile, namespace, deploymentName);
        ClusterWideFacts kept = forWait == null ? null : forWait.facts();
        CompletableFuture<Map<String, List<String>>> discovery = kept != null ? CompletableFuture.completedFuture(kept.groups())
                : async("API discovery (GET /apis)", this::apiGroups);
        CompletableFuture<Deployment> controlPlaneRead = async("the control-plane Deployment (get deployments)",
                () -> client.apps().deployments().inNamespace(namespace).withName(deploymentName).get());
        CompletableFuture<DataplaneCensus> dataplanes = kuma ? async("Dataplanes (list dataplanes.kuma.io in all namespaces)", () -> census(profile.meshName()))
                : CompletableFuture.completedFuture(null);
        CompletableFuture<Map<String, NamespaceMarks>> namespaceList = !kuma ? CompletableFuture.completedFuture(null)
                : kept != null && kept.namespaces() != null ? CompletableFuture.completedFuture(kept.namespaces())
                : async(NAMESPACES_PROBE, this::namespaceMarks);
        CompletableFuture<List<PlatformDetection.NodeFacts>> nodes = kept != null ? CompletableFuture.completedFuture(kept.nodes())
                : async("nodes (list nodes)", this::sampleNodes);
        CompletableFuture<String> version = kept != null ? CompletableFuture.completedFuture(kept.version())
                : async("server version", this::serverVersion);
        CompletableFuture<ClusterObservation.CiliumConfig> cilium = kept != null ? CompletableFuture.completedFuture(kept.cilium())
                : async("Cilium's ConfigMap (get configmaps in kube-system)", this::cilium);
        CompletableFuture<Boolean> helmTls = kept != null ? CompletableFuture.completedFuture(kept.helmTls())
                : async("the control-plane TLS Secret (get secrets)", () -> helmGeneratedTls(namespace, helmTlsSecretName(deploymentName)));
        CompletableFuture<List<ClusterObservation.MeshWidePolicy>> meshWide = kuma
                ? async("Mesh-wide policies (list meshtimeouts, meshretries, meshcircuitbreakers)", () -> meshWidePolicies(objects, profile.meshName()))
                : CompletableFuture.completedFuture(List.of());
        // The control plane's one reachable-services setting is decided over every mesh it serves: only when the operator sets it.
        CompletableFuture<ClusterObservation.ServedMeshes> servedMeshes = kuma && Boolean.TRUE.equals(controlPlaneSpec.manage)
                && controlPlaneSpec.reachableServices != io.kumaops.operator.api.v1alpha1.ReachableServicesMode.Disabled
                ? async(SERVED_MESHES_PROBE, this::servedMeshes) : CompletableFuture.completedFuture(null);
        CompletableFuture<List<ClusterObservation.GatewayDeployment>> gateways = async("delegated gateway Deployments (get deployments)",
                () -> gateways(spec.gateway == null ? null : spec.gateway.delegated));

        Map<String, List<String>> groups = discovery.join();
        List<String> served = servedApis(groups);
        String fenceMarker = kept != null ? kept.fenceMarker() : groups == null ? null : fenceResourceMarker(served);
        if (fenceMarker != null) {
            served.add(fenceMarker);
        }
        List<String> argoResources = kept != null ? kept.argoResources() : groups == null ? null : !groups.containsKey(ARGO_GROUP) ? List.of()
                : probe("Argo's API resources", () -> servedResources(ARGO_GROUP + "/v1alpha1"));
        if (kept == null) {
            keep(profile, namespace, deploymentName, new ClusterWideFacts(groups, fenceMarker, argoResources, nodes.join(), version.join(),
                    cilium.join(), helmTls.join(), namespaceList.join()), kuma);
        }
        Deployment deployment = controlPlaneRead.join();
        ClusterObservation.ControlPlaneDeployment controlPlane = deployment == null ? null : describeControlPlane(namespace, deploymentName, deployment);
        Boolean pdb = deployment == null ? null : probe("PodDisruptionBudgets (list poddisruptionbudgets)", () -> disruptionBudgetSelects(namespace, podLabels(deployment), served));
        Boolean openShift = groups == null ? null : groups.containsKey(PlatformDetection.OPENSHIFT_API_GROUP);
        DataplaneCensus census = dataplanes.join();
        Map<String, ClusterObservation.ObservedNamespace> meshNamespaces = meshNamespaces(profile.meshName(), namespace, census,
                namespaceList.join());
        ClusterObservation.ForeignGuards guards = probe("PodDisruptionBudgets and HorizontalPodAutoscalers (list)",
                () -> foreignGuards(spec, namespace, deployment, served));
        return new ClusterObservation(
                kuma,
                census == null ? null : census.count(),
                controlPlane,
                pdb,
                PlatformDetection.detect(Boolean.TRUE.equals(openShift), nodes.join(), version.join()),
                // Helm always sets it from cni.enabled; Kuma's own default is false, so an absent variable means no CNI.
                controlPlane == null ? null : "true".equalsIgnoreCase(controlPlane.envValue(ENV_CNI_ENABLED)),
                cilium.join(),
                argoResources == null ? null : argoResources.contains("applications"),
                argoResources == null ? null : argoResources.contains("rollouts"),
                helmTls.join(),
                Optional.ofNullable(meshWide.join()).orElse(List.of()),
                Optional.ofNullable(gateways.join()).orElse(List.of()),
                served,
                census == null ? null : census.services(),
                guards,
                meshNamespaces,
                servedMeshes.join());
    }

    /**
     * The facts of a pass that no watch reports a change of: discovery (API groups, the fence's resource, Argo's
     * resources), the nodes' sample, the server version, Cilium's ConfigMap, the control plane's TLS Secret, the
     * namespaces' injection labels. A null in them is "not observed" and is kept as such.
     */
    private record ClusterWideFacts(Map<String, List<String>> groups, String fenceMarker, List<String> argoResources,
                                    List<PlatformDetection.NodeFacts> nodes, String version, ClusterObservation.CiliumConfig cilium,
                                    Boolean helmTls, Map<String, NamespaceMarks> namespaces) {
    }

    /** What {@link #keptWhileWaiting} may reuse: the facts, whose profile generation and names they were read for, and when. */
    private record KeptFacts(long generation, String namespace, String deploymentName, java.time.Instant readAt, ClusterWideFacts facts,
                             boolean kumaInstalled) {
    }

    /** At most this old, facts kept for a waiting profile are reused; the resync reads them anew in any case. */
    static final java.time.Duration KEEP_WHILE_WAITING = java.time.Duration.ofSeconds(30);

    private final Map<String, KeptFacts> keptFacts = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * While a profile waits at a gate for Kuma (its previous status records the wait), each pass is woken by Kuma's
     * reports, and facts that raise no event cannot have been looked at more freshly by an event anyway: the ones
     * the pass that began the wait read are reused, for the same generation and names, for at most
     * {@link #KEEP_WHILE_WAITING}. A wait costs then only the reads the gate and the objects need.
     */
    private KeptFacts keptWhileWaiting(KumaProductionProfile profile, String namespace, String deploymentName) {
        String name = profile.getMetadata() == null ? null : profile.getMetadata().getName();
        if (name == null) {
            return null;
        }
        KeptFacts kept = keptFacts.get(name);
        boolean waiting = profile.getStatus() != null && profile.getStatus().gateWait != null;
        if (kept == null || !waiting || kept.generation() != generation(profile) || !Objects.equals(kept.namespace(), namespace)
                || !Objects.equals(kept.deploymentName(), deploymentName)
                || clock.instant().isAfter(kept.readAt().plus(KEEP_WHILE_WAITING)) || clock.instant().isBefore(kept.readAt())) {
            return null;
        }
        return kept;
    }

    private void keep(KumaProductionProfile profile, String namespace, String deploymentName, ClusterWideFacts facts, boolean kuma) {
        String name = profile.getMetadata() == null ? null : profile.getMetadata().getName();
        if (name != null) {
            keptFacts.put(name, new KeptFacts(generation(profile), namespace, deploymentName, clock.instant(), facts, kuma));
        }
    }

    /**
     * {@link #kumaInstalled()} for a profile's pass: while the profile waits at a gate and the facts kept for it were
     * read with Kuma installed, that answer is reused with them (a removed Kuma shows at the latest when they expire).
     */
    public boolean kumaInstalled(KumaProductionProfile profile) {
        ControlPlaneSpec controlPlane = profile.getSpec() == null || profile.getSpec().controlPlane == null ? new ControlPlaneSpec()
                : profile.getSpec().controlPlane;
        KeptFacts kept = keptWhileWaiting(profile, controlPlane.systemNamespace, controlPlane.deploymentName);
        return kept != null && kept.kumaInstalled() || kumaInstalled();
    }

    /** A deleted profile's kept facts go with it. */
    public void forget(String profile) {
        keptFacts.remove(profile);
    }

    private static long generation(KumaProductionProfile profile) {
        Long generation = profile.getMetadata() == null ? null : profile.getMetadata().getGeneration();
        return generation == null ? -1 : generation;
    }

    static final String SERVED_MESHES_PROBE = "Dataplanes and MeshTrafficPermissions of every mesh (list in all namespaces)";

    /**
     * Every mesh's Dataplanes, counted page by page (each page dropped before the next), and the meshes whose
     * MeshTrafficPermissions let something through in the form Kuma's reachable-services graph reads: a from[] entry
     * with action Allow or AllowWithShadowDeny, top-level targetRef not of kind Dataplane
     * (pkg/plugins/policies/meshtrafficpermission/graph/util/rule_builder.go).
     */
    ClusterObservation.ServedMeshes servedMeshes() {
        Map<String, Integer> byMesh = dataplaneReadings == null ? dataplanesPerMesh()
                : dataplaneReadings.remember("dataplanes per mesh", this::dataplanesPerMesh);
        int total = byMesh.values().stream().mapToInt(Integer::intValue).sum();
        Set<String> withAllow = new HashSet<>();
        for (GenericKubernetesResource permission : client.genericKubernetesResources(KubeKinds.kuma("MeshTrafficPermission"))
                .inAnyNamespace().list().getItems()) {
            if (letsSomethingThrough(permission)) {
                withAllow.add(meshOf(permission));
            }
        }
        return new ClusterObservation.ServedMeshes(total, byMesh, withAllow);
    }

    /** Every mesh's Dataplanes counted page by page (each page dropped before the next); kept like the census. */
    private Map<String, Integer> dataplanesPerMesh() {
        Map<String, Integer> byMesh = new TreeMap<>();
        String continueToken = null;
        do {
            GenericKubernetesResourceList page = client.genericKubernetesResources(KubeKinds.kuma("Dataplane")).inAnyNamespace()
                    .list(new ListOptionsBuilder().withLimit(pageSize).withContinue(continueToken).build());
            for (GenericKubernetesResource dataplane : page.getItems()) {
                byMesh.merge(meshOf(dataplane), 1, Integer::sum);
            }
            continueToken = page.getMetadata() == null ? null : page.getMetadata().getContinue();
        } while (continueToken != null && !continueToken.isEmpty());
        return java.util.Collections.unmodifiableMap(byMesh);
    }

    private static boolean letsSomethingThrough(GenericKubernetesResource permission) {
        if ("Dataplane".equals(get(permission.getAdditionalProperties(), "spec", "targetRef", "kind"))
                || !(get(permission.getAdditionalProperties(), "spec", "from") instanceof List<?> from)) {
            return false;
        }
        return from.stream().anyMatch(entry -> entry instanceof Map<?, ?> map && map.get("default") instanceof Map<?, ?> conf
                && ("Allow".equals(conf.get("action")) || "AllowWithShadowDeny".equals(conf.get("action"))));
    }

    static final String NAMESPACES_PROBE = "namespaces (list namespaces)";
    private static final String OTHER_MESHES_PROBE = "Dataplanes of other meshes (list dataplanes in the mesh's namespaces)";

    /** What Kuma reads on a namespace: its injection label and its mesh. */
    record NamespaceMarks(String sidecarInjection, String mesh) {
    }

    /** Every namespace's injection label and mesh, page by page; a namespace costs two short strings. */
    private Map<String, NamespaceMarks> namespaceMarks() {
        Map<String, NamespaceMarks> marks = new HashMap<>();
        String continueToken = null;
        do {
            NamespaceList page = client.namespaces().list(new ListOptionsBuilder().withLimit(pageSize).withContinue(continueToken).build());
            for (Namespace namespace : page.getItems()) {
                Map<String, String> labels = namespace.getMetadata().getLabels() == null ? Map.of() : namespace.getMetadata().getLabels();
                Map<String, String> annotations = namespace.getMetadata().getAnnotations() == null ? Map.of()
                        : namespace.getMetadata().getAnnotations();
                // Kuma pkg/plugins/runtime/k8s/util/util.go MeshOfByLabelOrAnnotation: the label, else the deprecated annotation.
                String mesh = nonBlank(labels.get(Labels.KUMA_MESH));
                marks.put(namespace.getMetadata().getName(), new NamespaceMarks(labels.get(Labels.KUMA_SIDECAR_INJECTION),
                        mesh != null ? mesh : nonBlank(annotations.get(Labels.KUMA_MESH))));
            }
            continueToken = page.getMetadata() == null ? null : page.getMetadata().getContinue();
        } while (continueToken != null && !continueToken.isEmpty());
        return marks;
    }

    private static String nonBlank(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /**
     * The system namespace and the namespaces holding the mesh's Dataplanes, each with what Kuma reads on it and whether
     * another mesh's Dataplanes share it. Null unless both the namespaces and the Dataplanes were observed.
     */
    private Map<String, ClusterObservation.ObservedNamespace> meshNamespaces(String mesh, String systemNamespace, DataplaneCensus census,
                                                                            Map<String, NamespaceMarks> marks) {
        if (census == null || marks == null) {
            return null;
        }
        // One small list per namespace, as Kuma's pod validator asks (pkg/plugins/runtime/k8s/webhooks/pod_validator.go):
        // a Dataplane there whose kuma.io/mesh is another mesh, limit 1. Started together, joined here, off the probe pool.
        Map<String, CompletableFuture<String>> otherMeshes = new TreeMap<>();
        for (String namespace : census.byNamespace().keySet()) {
            if (marks.containsKey(namespace)) {
                otherMeshes.put(namespace, async(OTHER_MESHES_PROBE, () -> otherMesh(namespace, mesh)));
            }
        }
        Map<String, ClusterObservation.ObservedNamespace> result = new TreeMap<>();
        Set<String> names = new java.util.TreeSet<>(otherMeshes.keySet());
        if (marks.containsKey(systemNamespace)) {
            names.add(systemNamespace);
        }
        for (String name : names) {
            NamespaceMarks mark = marks.get(name);
            CompletableFuture<String> other = otherMeshes.get(name);
            result.put(name, new ClusterObservation.ObservedNamespace(name, mark.sidecarInjection(), mark.mesh(),
                    census.byNamespace().getOrDefault(name, 0), census.injectedByNamespace().getOrDefault(name, 0),
                    other == null ? null : other.join()));
        }
        return result;
    }

    /** A mesh other than {@code mesh} with a Dataplane in the namespace, or null. */
    private String otherMesh(String namespace, String mesh) {
        return dataplaneReadings == null ? readOtherMesh(namespace, mesh)
                : dataplaneReadings.remember("other-mesh " + namespace + " " + mesh, () -> readOtherMesh(namespace, mesh));
    }

    private String readOtherMesh(String namespace, String mesh) {
        List<GenericKubernetesResource> items = client.genericKubernetesResources(KubeKinds.kuma("Dataplane")).inNamespace(namespace)
                .withoutLabel(Labels.KUMA_MESH, mesh).list(new ListOptionsBuilder().withLimit(1L).build()).getItems();
        // "!=" also matches a Dataplane without the label: its mesh is then the top-level field, else "default".
        return items.stream().map(ClusterObserver::dataplaneMesh).filter(other -> !other.equals(mesh)).findFirst().orElse(null);
    }

    private static String dataplaneMesh(GenericKubernetesResource dataplane) {
        Map<String, String> labels = dataplane.getMetadata().getLabels();
        String label = labels == null ? null : nonBlank(labels.get(Labels.KUMA_MESH));
        Object field = dataplane.getAdditionalProperties().get("mesh");
        return label != null ? label : field instanceof String text && !text.isBlank() ? text : DEFAULT_MESH;
    }

    /**
     * The Deployments the profile would guard (the control plane's PDB, the zone ingress's PDB and HPA) that a PDB or
     * HPA someone else wrote already covers. Listed only when the profile wants such objects.
     */
    private ClusterObservation.ForeignGuards foreignGuards(KumaProductionProfileSpec spec, String namespace, Deployment controlPlane,
                                                          List<String> served) {
        boolean controlPlanePdb = Boolean.TRUE.equals(spec.controlPlane.podDisruptionBudget) && controlPlane != null;
        boolean zoneIngress = spec.controlPlane.role == io.kumaops.operator.api.v1alpha1.ControlPlaneRole.Zone
                || (Boolean.TRUE.equals(spec.multiZone.enabled) && spec.controlPlane.role != io.kumaops.operator.api.v1alpha1.ControlPlaneRole.Global);
        if (!controlPlanePdb && !zoneIngress) {
            return ClusterObservation.ForeignGuards.none();
        }
        String ingress = spec.multiZone.zoneIngress != null ? spec.multiZone.zoneIngress.deploymentName
                : new io.kumaops.operator.api.v1alpha1.ZoneIngressSpec().deploymentName;
        java.util.Set<String> budgeted = new java.util.HashSet<>();
        java.util.Set<String> scaled = new java.util.HashSet<>();
        String pdbVersion = OtherProfilesObjects.pdbVersion(Set.copyOf(served));
        for (GenericKubernetesResource budget : client.genericKubernetesResources(KubeKinds.context(pdbVersion, "PodDisruptionBudget"))
                .inNamespace(namespace).list().getItems()) {
            if (managedByOperator(budget)) {
                continue;
            }
            Object selector = get(budget.getAdditionalProperties(), "spec", "selector");
            boolean v1 = pdbVersion.equals("policy/v1");
            if (controlPlanePdb && LabelSelectors.selects(selector, podLabels(controlPlane), v1)) {
                budgeted.add(controlPlane.getMetadata().getName());
            }
            if (zoneIngress && LabelSelectors.selects(selector, Map.of("app", ingress), v1)) {
                budgeted.add(ingress);
            }
        }
        if (zoneIngress) {
            String hpaVersion = OtherProfilesObjects.hpaVersion(Set.copyOf(served));
            for (GenericKubernetesResource hpa : client.genericKubernetesResources(KubeKinds.context(hpaVersion, "HorizontalPodAutoscaler"))
                    .inNamespace(namespace).list().getItems()) {
                if (!managedByOperator(hpa) && get(hpa.getAdditionalProperties(), "spec", "scaleTargetRef") instanceof Map<?, ?> target
                        && ingress.equals(target.get("name"))) {
                    scaled.add(ingress);
                }
            }
        }
        return new ClusterObservation.ForeignGuards(budgeted, scaled);
    }

    private static boolean managedByOperator(GenericKubernetesResource object) {
        Map<String, String> labels = object.getMetadata().getLabels();
        return labels != null && Labels.MANAGED_BY_VALUE.equals(labels.get(Labels.MANAGED_BY));
    }

    /**
     * Counts the mesh's Dataplanes page by page: each page is dropped before the next is read, so memory stays at one
     * page however large the mesh is. Kuma labels every mesh-scoped object with kuma.io/mesh (a computed label), so
     * the API server filters by mesh and only that mesh's objects cross the wire.
     */
    public int countDataplanes(String mesh) {
        return census(mesh).count();
    }

    /**
     * What the mesh's Dataplanes are: how many, and which {@code kuma.io/service} tags they carry. Paged as above; only
     * the distinct service tags are kept, so memory grows with services, not with data planes. The operator's observer
     * reuses the last census while the Dataplane watch reports no change ({@link DataplaneReadings}), so a gate that
     * holds a profile for many passes does not page through the mesh on each of them.
     */
    public DataplaneCensus census(String mesh) {
        return dataplaneReadings == null ? readCensus(mesh) : dataplaneReadings.remember("census " + mesh, () -> readCensus(mesh));
    }

    private DataplaneCensus readCensus(String mesh) {
        int count = 0;
        java.util.Set<String> services = new java.util.TreeSet<>();
        Map<String, Integer> byNamespace = new HashMap<>();
        Map<String, Integer> injectedByNamespace = new HashMap<>();
        String continueToken = null;
        do {
            GenericKubernetesResourceList page = client.genericKubernetesResources(KubeKinds.kuma("Dataplane")).inAnyNamespace()
                    .withLabel(Labels.KUMA_MESH, mesh)
                    .list(new ListOptionsBuilder().withLimit(pageSize).withContinue(continueToken).build());
            count += page.getItems().size();
            for (GenericKubernetesResource dataplane : page.getItems()) {
                serviceTags(dataplane, services);
                String namespace = dataplane.getMetadata().getNamespace();
                byNamespace.merge(namespace, 1, Integer::sum);
                if (!builtinGateway(dataplane)) {
                    injectedByNamespace.merge(namespace, 1, Integer::sum);
                }
            }
            continueToken = page.getMetadata() == null ? null : page.getMetadata().getContinue();
        } while (continueToken != null && !continueToken.isEmpty());
        return new DataplaneCensus(count, java.util.Collections.unmodifiableSet(services), Map.copyOf(byNamespace), Map.copyOf(injectedByNamespace));
    }

    /**
     * @param services            the distinct {@code kuma.io/service} tags
     * @param byNamespace         the mesh's Dataplanes per namespace
     * @param injectedByNamespace of those, the ones that are not builtin gateways, per namespace
     */
    public record DataplaneCensus(int count, java.util.Set<String> services, Map<String, Integer> byNamespace,
                                  Map<String, Integer> injectedByNamespace) {
    }

    /**
     * A builtin gateway's Dataplane: Kuma deploys its pods with the proxy in them, no injection (Kuma
     * api/mesh/v1alpha1/dataplane.proto: networking.gateway.type BUILTIN; DELEGATED is the zero value, left out).
     */
    private static boolean builtinGateway(GenericKubernetesResource dataplane) {
        return "BUILTIN".equals(get(dataplane.getAdditionalProperties(), "spec", "networking", "gateway", "type"));
    }

    /** Kuma api/mesh/v1alpha1/dataplane.proto: networking.inbound[].tags and networking.gateway.tags carry kuma.io/service. */
    @SuppressWarnings("unchecked")
    private static void serviceTags(GenericKubernetesResource dataplane, java.util.Set<String> services) {
        Object spec = dataplane.getAdditionalProperties().get("spec");
        Object networking = spec instanceof Map<?, ?> map ? map.get("networking") : null;
        if (!(networking instanceof Map<?, ?> net)) {
            return;
        }
        if (net.get("inbound") instanceof List<?> inbounds) {
            for (Object inbound : inbounds) {
                if (inbound instanceof Map<?, ?> in && in.get("tags") instanceof Map<?, ?> tags && tags.get(SERVICE_TAG) != null) {
                    services.add(String.valueOf(tags.get(SERVICE_TAG)));
                }
            }
        }
        if (net.get("gateway") instanceof Map<?, ?> gateway && gateway.get("tags") instanceof Map<?, ?> tags && tags.get(SERVICE_TAG) != null) {
            services.add(String.valueOf(tags.get(SERVICE_TAG)));
        }
    }

    private static final String SERVICE_TAG = "kuma.io/service";

    /** The rollout as the Deployment's status tells it; replicas default to 1 as the API server defaults them. */
    static ClusterObservation.Rollout rollout(Deployment deployment) {
        io.fabric8.kubernetes.api.model.apps.DeploymentStatus status = deployment.getStatus();
        int replicas = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
        return new ClusterObservation.Rollout(deployment.getMetadata().getGeneration(), status == null ? null : status.getObservedGeneration(),
                replicas, status == null || status.getUpdatedReplicas() == null ? 0 : status.getUpdatedReplicas(),
                status == null || status.getAvailableReplicas() == null ? 0 : status.getAvailableReplicas());
    }

    static ClusterObservation.ControlPlaneDeployment describeControlPlane(String namespace, String name, Deployment deployment) {
        List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
        Container container = containers.stream().filter(c -> Planner.CONTROL_PLANE_CONTAINER.equals(c.getName())).findFirst()
                .orElse(containers.isEmpty() ? null : containers.get(0));
        Map<String, String> env = new LinkedHashMap<>();
        Long cpu = null;
        Long memory = null;
        if (container != null) {
            if (container.getEnv() != null) {
                // Literal values only (valueFrom cannot be resolved read-only); for a repeated name the last one wins,
                // as in the kubelet, so a hand-appended override is read the way the control plane sees it.
                for (EnvVar var : container.getEnv()) {
                    if (var.getValue() != null) {
                        env.put(var.getName(), var.getValue());
                    }
                }
            }
            if (container.getResources() != null && container.getResources().getRequests() != null) {
                Quantity cpuRequest = container.getResources().getRequests().get("cpu");
                Quantity memoryRequest = container.getResources().getRequests().get("memory");
                cpu = cpuRequest == null ? null : Quantity.getAmountInBytes(cpuRequest).movePointRight(3).longValue();
                memory = memoryRequest == null ? null : Quantity.getAmountInBytes(memoryRequest).longValue();
            }
        }
        Map<String, String> selector = deployment.getSpec().getSelector() == null || deployment.getSpec().getSelector().getMatchLabels() == null
                ? Map.of() : deployment.getSpec().getSelector().getMatchLabels();
        Integer replicas = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
        return new ClusterObservation.ControlPlaneDeployment(namespace, name, replicas, env, cpu, memory, selector,
                container == null ? null : container.getImage(), rollout(deployment));
    }

    /** Labels the control-plane pods carry: the pod template's, which always include the selector's. */
    private static Map<String, String> podLabels(Deployment deployment) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (deployment.getSpec().getSelector() != null && deployment.getSpec().getSelector().getMatchLabels() != null) {
            labels.putAll(deployment.getSpec().getSelector().getMatchLabels());
        }
        if (deployment.getSpec().getTemplate().getMetadata() != null && deployment.getSpec().getTemplate().getMetadata().getLabels() != null) {
            labels.putAll(deployment.getSpec().getTemplate().getMetadata().getLabels());
        }
        return labels;
    }

    /** True when some PodDisruptionBudget of the namespace selects the control-plane pods. */
    private Boolean disruptionBudgetSelects(String namespace, Map<String, String> podLabels, List<String> served) {
        String apiVersion = served.contains("policy/v1") ? "policy/v1" : "policy/v1beta1";
        List<GenericKubernetesResource> budgets = client.genericKubernetesResources(KubeKinds.context(apiVersion, "PodDisruptionBudget"))
                .inNamespace(namespace).list().getItems();
        return budgets.stream().anyMatch(budget -> LabelSelectors.selects(
                get(budget.getAdditionalProperties(), "spec", "selector"), podLabels, apiVersion.equals("policy/v1")));
    }

    /*
     * The provider comes from documented signals (docs/observation.md): OpenShift's API group, then a few nodes'
     * providerID and labels, then the server's version string. Each signal is probed on its own, so a forbidden node
     * list still leaves the API-group and version signals.
     */
    private List<PlatformDetection.NodeFacts> sampleNodes() {
        return client.nodes().list(new ListOptionsBuilder().withLimit(PlatformDetection.NODES_SAMPLED).build()).getItems().stream()
                .map(node -> new PlatformDetection.NodeFacts(node.getMetadata().getName(),
                        node.getSpec() == null ? null : node.getSpec().getProviderID(),
                        node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels()))
                .toList();
    }

    private String serverVersion() {
        var serverVersion = client.getKubernetesVersion();
        return serverVersion == null ? null : serverVersion.getGitVersion();
    }

    private ClusterObservation.CiliumConfig cilium() {
        ConfigMap config = client.configMaps().inNamespace(CILIUM_NAMESPACE).withName(CILIUM_CONFIG_MAP).get();
        if (config == null || config.getData() == null) {
            return null;
        }
        String replacement = config.getData().get("kube-proxy-replacement");
        String exclusive = config.getData().get("cni-exclusive");
        String hostNamespaceOnly = config.getData().get("bpf-lb-sock-hostns-only");
        // "true"/"false" since Cilium 1.14; before that "strict", "partial" and "probe" enabled (parts of) it, "disabled" did not.
        Boolean kubeProxyReplacement = replacement == null ? null
                : switch (replacement.trim().toLowerCase()) {
                    case "true", "strict", "partial", "probe" -> true;
                    default -> false;
                };
        return new ClusterObservation.CiliumConfig(kubeProxyReplacement, exclusive == null ? null : Boolean.parseBoolean(exclusive.trim()),
                hostNamespaceOnly == null ? null : Boolean.parseBoolean(hostNamespaceOnly.trim()));
    }

    /**
     * Kuma's chart names the Deployment {@code <name>-control-plane} and the generated Secret {@code <name>-tls-cert}
     * (Kuma v2.14.3 deployments/charts/kuma/templates/cp-deployment.yaml and cp-webhooks-and-secrets.yaml, both after
     * {@code kuma.name}).
     */
    static String helmTlsSecretName(String deploymentName) {
        String suffix = "-control-plane";
        return deploymentName != null && deploymentName.endsWith(suffix) && deploymentName.length() > suffix.length()
                ? deploymentName.substring(0, deploymentName.length() - suffix.length()) + "-tls-cert"
                : HELM_TLS_SECRET;
    }

    /**
     * True when Kuma's chart generated the CP certificate (Argo CD renders would regenerate it). Only the Secret's
     * metadata is requested (PartialObjectMetadata): its data is never read, kept or logged.
     */
    private Boolean helmGeneratedTls(String namespace, String secretName) {
        return MetadataOnly.secret(client, namespace, secretName)
                .map(meta -> meta.getLabels() != null && "Helm".equals(meta.getLabels().get("app.kubernetes.io/managed-by")))
                .orElse(false);
    }

    private List<ClusterObservation.MeshWidePolicy> meshWidePolicies(KumaObjects objects, String mesh) {
        List<ClusterObservation.MeshWidePolicy> policies = new ArrayList<>();
        for (String kind : io.kumaops.operator.model.KumaKinds.DEFAULT_POLICY_KINDS) {
            // A policy without kuma.io/mesh belongs to the mesh "default": for it, unlabelled policies count too.
            List<GenericKubernetesResource> candidates = objects.all(kind).stream().filter(p -> mesh.equals(meshOf(p))).toList();
            for (GenericKubernetesResource policy : candidates) {
                Object targetKind = get(policy.getAdditionalProperties(), "spec", "targetRef", "kind");
                if (targetKind == null || "Mesh".equals(targetKind)) {
                    policies.add(new ClusterObservation.MeshWidePolicy(kind, objects.namespace(), policy.getMetadata().getName(), ownerOf(policy)));
                }
            }
        }
        return policies;
    }

    private static String meshOf(GenericKubernetesResource resource) {
        Map<String, String> labels = resource.getMetadata().getLabels();
        String mesh = labels == null ? null : labels.get(Labels.KUMA_MESH);
        return mesh == null || mesh.isBlank() ? DEFAULT_MESH : mesh;
    }

    /** Who wrote the policy: a managed-by label (Helm, the operator), else the field manager that owns its spec. */
    static String ownerOf(GenericKubernetesResource resource) {
        Map<String, String> labels = resource.getMetadata().getLabels();
        if (labels != null && labels.get(Labels.MANAGED_BY) != null) {
            return labels.get(Labels.MANAGED_BY);
        }
        List<ManagedFieldsEntry> fields = resource.getMetadata().getManagedFields();
        if (fields == null || fields.isEmpty()) {
            return "unknown";
        }
        // The first entry may be a status or label writer; the owner is whoever wrote the spec.
        return fields.stream()
                .filter(entry -> entry.getFieldsV1() != null && entry.getFieldsV1().getAdditionalProperties().containsKey("f:spec"))
                .map(ManagedFieldsEntry::getManager).findFirst()
                .orElse(fields.get(0).getManager());
    }

    private List<ClusterObservation.GatewayDeployment> gateways(List<DelegatedGateway> listed) {
        List<ClusterObservation.GatewayDeployment> result = new ArrayList<>();
        if (listed == null) {
            return result;
        }
        for (DelegatedGateway gateway : listed) {
            if (gateway == null || gateway.namespace == null || gateway.deploymentName == null) {
                continue;
            }
            Deployment deployment = client.apps().deployments().inNamespace(gateway.namespace).withName(gateway.deploymentName).get();
            boolean annotated = deployment != null && deployment.getSpec().getTemplate().getMetadata() != null
                    && deployment.getSpec().getTemplate().getMetadata().getAnnotations() != null
                    && "enabled".equals(deployment.getSpec().getTemplate().getMetadata().getAnnotations().get("kuma.io/gateway"));
            result.add(new ClusterObservation.GatewayDeployment(gateway.namespace, gateway.deploymentName, deployment != null, annotated));
        }
        return result;
    }

    /** Group name → its served group versions, from one discovery request. */
    private Map<String, List<String>> apiGroups() {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (APIGroup group : client.getApiGroups().getGroups()) {
            groups.put(group.getName(), group.getVersions().stream().map(v -> v.getGroupVersion()).toList());
        }
        return groups;
    }

    /** The served versions of the groups whose API version the planner chooses (PDB, HPA, NetworkPolicy, VAP). */
    private static List<String> servedApis(Map<String, List<String>> groups) {
        List<String> served = new ArrayList<>();
        if (groups != null) {
            for (String group : VERSIONED_GROUPS) {
                served.addAll(groups.getOrDefault(group, List.of()));
            }
        }
        return served;
    }

    /**
     * Whether ValidatingAdmissionPolicy is served, as a marker among the served APIs: its group version alone does not
     * tell (1.20 serves admissionregistration.k8s.io/v1 without it). Both outcomes are marked, so a rule can tell
     * "not served" from "not probed" — the operator and {@code lint --cluster} read the same marker. Null when
     * discovery of the group version failed: then nothing can be said.
     */
    private String fenceResourceMarker(List<String> served) {
        if (!served.contains(ZonePolicyFence.API_VERSION)) {
            return ZonePolicyFence.NOT_SERVED_MARKER;
        }
        Boolean fenceServed = probe("ValidatingAdmissionPolicy discovery",
                () -> servesResource(ZonePolicyFence.API_VERSION, ZonePolicyFence.RESOURCE));
        return fenceServed == null ? null : fenceServed ? ZonePolicyFence.SERVED_MARKER : ZonePolicyFence.NOT_SERVED_MARKER;
    }

    /** True when the group version serves the resource (a missing group version is simply not served). */
    private boolean servesResource(String groupVersion, String resource) {
        return servedResources(groupVersion).contains(resource);
    }

    private List<String> servedResources(String groupVersion) {
        try {
            APIResourceList resources = client.getApiResources(groupVersion);
            return resources == null || resources.getResources() == null ? List.of()
                    : resources.getResources().stream().map(APIResource::getName).toList();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return List.of();
            }
            throw e;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> specOf(Map<String, Object> object) {
        Object spec = object.get("spec");
        return spec instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    private static Object get(Map<String, Object> root, String... path) {
        Object current = root;
        for (String key : path) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }

    /**
     * Runs one probe; whatever it cannot observe is null ("not observed"), never an error of the reconcile. A refusal
     * (403) is logged once per probe at info, because it is a deliberate RBAC choice the operator's user should see.
     */
    private <T> CompletableFuture<T> async(String what, Supplier<T> probe) {
        return CompletableFuture.supplyAsync(() -> probe(what, probe), probes);
    }

    private <T> T probe(String what, Supplier<T> probe) {
        try {
            return probe.get();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 403) {
                refused.add(what);
                if (FORBIDDEN_REPORTED.add(what)) {
                    LOG.info("not allowed to observe {} ({}); that fact stays unknown and its rules stay silent", what, e.getMessage());
                }
            } else {
                LOG.debug("cannot observe {}: {} {}", what, e.getCode(), e.getMessage());
            }
            return null;
        } catch (RuntimeException e) {
            // A malformed object in someone else's resource must not stop the reconcile either.
            LOG.warn("cannot observe {}: {}", what, e.toString());
            return null;
        }
    }
}
