package io.kumaops.operator.it;

import static io.kumaops.operator.it.ItSupport.apply;
import static io.kumaops.operator.it.ItSupport.awaitPhase;
import static io.kumaops.operator.it.ItSupport.awaitProfile;
import static io.kumaops.operator.it.ItSupport.condition;
import static io.kumaops.operator.it.ItSupport.get;
import static io.kumaops.operator.it.ItSupport.isolatedExample;
import static io.kumaops.operator.support.TreePath.at;
import static io.kumaops.operator.support.TreePath.index;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kumaops.operator.api.v1alpha1.Enforcement;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.api.v1alpha1.Phase;
import io.kumaops.operator.api.v1alpha1.TrafficPermissionMode;
import io.kumaops.operator.kube.KubeKinds;
import io.kumaops.operator.model.KumaDefaultPolicies;
import io.kumaops.operator.model.Labels;
import io.kumaops.operator.model.Step;
import io.kumaops.operator.status.StatusAggregator;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The operator end to end on a real kube-apiserver: order, status, events, Audit, invalid spec. */
class RolloutIT {

    private static TestCluster cluster;
    private static KubernetesClient client;
    private static TestCluster.RunningOperator operator;

    @BeforeAll
    static void start() {
        cluster = TestCluster.get();
        client = cluster.client();
        // A short resync, so a test can wait for passes to show that nothing more happens.
        operator = cluster.startOperator(TestCluster.testOptions(Duration.ofMillis(300)));
    }

    @AfterAll
    static void stop() {
        operator.close();
    }

    @Test
    void productionProfileRollsOutInTheSafeOrder() {
        String name = TestCluster.uniqueName("order");
        KumaProductionProfile profile = isolatedExample(client, "production.yaml", name);
        profile.getSpec().controlPlane.manage = false;
        try (WriteLog log = WriteLog.start(client, name, name)) {
            apply(client, profile);
            KumaProductionProfile ready = awaitPhase(client, name, Phase.Ready);

            long allowAllCreated = log.firstRevision(w -> w.kind().equals("MeshTrafficPermission") && w.name().equals("allow-all-" + name)
                    && w.type().equals("ADDED"));
            long mtlsEnabled = log.firstRevision(WriteLog.Write::meshWithEnabledBackend);
            long meshCreated = log.firstRevision(w -> w.kind().equals("Mesh") && w.type().equals("ADDED"));
            long firstRule = log.firstRevision(w -> w.name().equals(name + "-web-to-backend"));
            long lastRule = log.lastRevision(w -> w.name().startsWith(name + "-") && w.kind().equals("MeshTrafficPermission")
                    && w.type().equals("ADDED"));
            long allowAllDeleted = log.firstRevision(w -> w.name().equals("allow-all-" + name) && w.type().equals("DELETED"));
            long firstDefault = log.firstRevision(w -> w.kind().equals("MeshTimeout") || w.kind().equals("ContainerPatch"));

            assertThat(meshCreated).as("Mesh created").isLessThan(Long.MAX_VALUE);
            assertThat(allowAllCreated).as("allow-all observed before the Mesh gets enabledBackend").isLessThan(mtlsEnabled);
            assertThat(mtlsEnabled).as("mTLS before the default policies").isLessThan(firstDefault);
            assertThat(firstRule).as("restricted rules come after the defaults").isGreaterThan(firstDefault);
            assertThat(lastRule).as("every rule before the allow-all is removed").isLessThan(allowAllDeleted);
            assertThat(allowAllDeleted).isLessThan(Long.MAX_VALUE);

            assertThat(ready.getStatus().completedSteps).containsExactly(Arrays.stream(Step.values()).map(Step::id).toArray(String[]::new));
            assertThat(ready.getStatus().currentStep).isNull();
            assertThat(ready.getStatus().managedResources).extracting(r -> r.kind)
                    .contains("Mesh", "MeshTrafficPermission", "ContainerPatch", "MeshTimeout", "MeshRetry", "MeshCircuitBreaker");
            assertThat(condition(ready, StatusAggregator.MTLS_ENABLED)).get().extracting(Condition::getStatus).isEqualTo("True");
            assertThat(condition(ready, StatusAggregator.TRAFFIC_PERMITTED)).get().extracting(Condition::getReason).isEqualTo("Restricted");
            assertThat(at(mesh(name), "mtls.enabledBackend")).isEqualTo("ca-1");
        }
    }

    @Test
    void statusCarriesStandardConditionsFindingsAndGeneration() {
        String name = TestCluster.uniqueName("status");
        KumaProductionProfile profile = isolatedExample(client, "minimal.yaml", name);
        apply(client, profile);
        KumaProductionProfile ready = awaitPhase(client, name, Phase.Ready);
        assertThat(ready.getStatus().conditions).extracting(Condition::getType)
                .containsExactlyInAnyOrder("KumaInstalled", "Ready", "Progressing", "Degraded", "MtlsEnabled", "TrafficPermitted");
        assertThat(ready.getStatus().conditions).allSatisfy(c -> {
            assertThat(c.getReason()).isNotBlank();
            assertThat(c.getMessage()).isNotBlank();
            assertThat(c.getLastTransitionTime()).isNotBlank();
            assertThat(c.getObservedGeneration()).isEqualTo(ready.getMetadata().getGeneration());
        });
        assertThat(ready.getStatus().observedGeneration).isEqualTo(ready.getMetadata().getGeneration());
        assertThat(ready.getStatus().meshName).isEqualTo(name);
        assertThat(ready.getStatus().findings).extracting(f -> f.code).contains("AllowAllTrafficPermission");
        assertThat(ready.getStatus().findings).allSatisfy(f -> assertThat(f.docsUrl).contains("findings.md#"));
        String readySince = condition(ready, "Ready").orElseThrow().getLastTransitionTime();

        // A spec change that keeps the profile Ready keeps Ready's lastTransitionTime.
        ready.getSpec().sidecar.requests.cpu = new io.fabric8.kubernetes.api.model.Quantity("200m");
        apply(client, ready);
        KumaProductionProfile again = awaitProfile(client, name, Duration.ofSeconds(30),
                p -> p.getStatus().observedGeneration.equals(p.getMetadata().getGeneration()) && p.getStatus().phase == Phase.Ready);
        assertThat(condition(again, "Ready").orElseThrow().getLastTransitionTime()).isEqualTo(readySince);
        assertThat(sidecarRequests(name)).containsEntry("cpu", "200m");
    }

    @Test
    void eventsNameStepsAndFindingsOnceEach() {
        String name = TestCluster.uniqueName("events");
        apply(client, isolatedExample(client, "minimal.yaml", name));
        awaitPhase(client, name, Phase.Ready);
        // Passes over a Ready profile announce nothing again.
        ItSupport.awaitFreshPasses(operator.runner(), name, 2);
        List<Event> events = events(name);
        assertThat(events).extracting(Event::getReason).contains("StepCompleted", "PhaseReady", "FindingAllowAllTrafficPermission");
        assertThat(events).allSatisfy(e -> assertThat(e.getCount()).isEqualTo(1));
        // One event per pass names the steps it completed; every step is named once. The gates split the passes where
        // Kuma must report first: nothing after 1-mesh before Kuma reports the mesh, no mTLS before it counts the permission.
        List<String> completed = events.stream().filter(e -> e.getReason().equals("StepCompleted")).map(Event::getMessage).toList();
        List<String> named = completed.stream().flatMap(m -> java.util.Arrays.stream(
                m.replaceFirst("^steps? ", "").replaceFirst(" (is|are) in place$", "").split(", "))).sorted().toList();
        assertThat(named).containsExactly("0-control-plane", "1-mesh", "2-traffic-permission", "3-mtls", "4-defaults", "5-multi-zone", "6-restrict");
        assertThat(completed).as("Kuma reports the mesh before step 2 writes").noneMatch(m -> m.contains("1-mesh") && m.contains("2-traffic-permission"));
        assertThat(completed).as("Kuma counts the permission before mTLS comes on").noneMatch(m -> m.contains("2-traffic-permission") && m.contains("3-mtls"));
    }

    @Test
    void auditModeWritesOnlyTheStatus() {
        String name = TestCluster.uniqueName("audit");
        KumaProductionProfile profile = isolatedExample(client, "production.yaml", name);
        profile.getSpec().enforcement = Enforcement.Audit;
        profile.getSpec().controlPlane.store.type = io.kumaops.operator.api.v1alpha1.StoreType.Memory;
        apply(client, profile);
        KumaProductionProfile audited = awaitProfile(client, name, Duration.ofSeconds(30), p -> p.getStatus().phase != null);
        assertThat(audited.getStatus().findings).extracting(f -> f.code).contains("InMemoryStore");
        assertThat(condition(audited, "Ready").orElseThrow().getReason()).isEqualTo("ErrorFindings");
        assertThat(audited.getStatus().managedResources).isEmpty();
        assertThat(client.genericKubernetesResources(KubeKinds.kuma("Mesh")).withName(name).get()).isNull();
        assertThat(client.genericKubernetesResources(KubeKinds.kuma("MeshTrafficPermission")).inNamespace(name + "-system").list().getItems()).isEmpty();
    }

    @Test
    void invalidSpecIsReportedAndNothingRunningIsTornDown() {
        String name = TestCluster.uniqueName("invalid");
        KumaProductionProfile profile = isolatedExample(client, "minimal.yaml", name);
        apply(client, profile);
        awaitPhase(client, name, Phase.Ready);
        ItSupport.awaitKumaMeshDefaults(client, name);
        String meshVersion = client.genericKubernetesResources(KubeKinds.kuma("Mesh")).withName(name).get().getMetadata().getResourceVersion();

        // Admission cannot see this: a Provided CA without its Secret references (a cross-field rule).
        KumaProductionProfile broken = ItSupport.get(client, name);
        // The examples keep one backend (all open-source Kuma admits).
        broken.getSpec().mtls.backends.get(0).type = io.kumaops.operator.api.v1alpha1.CaBackendType.Provided;
        broken.getSpec().trafficPermissions.mode = TrafficPermissionMode.AllowAll;
        apply(client, broken);
        KumaProductionProfile blocked = awaitPhase(client, name, Phase.Blocked);
        Condition ready = condition(blocked, "Ready").orElseThrow();
        assertThat(ready.getStatus()).isEqualTo("False");
        assertThat(ready.getReason()).isEqualTo("InvalidSpec");
        assertThat(ready.getMessage()).contains("spec.mtls.backends[0].certSecretRef");
        assertThat(client.genericKubernetesResources(KubeKinds.kuma("Mesh")).withName(name).get().getMetadata().getResourceVersion())
                .as("the Mesh is untouched").isEqualTo(meshVersion);
        assertThat(client.genericKubernetesResources(KubeKinds.kuma("MeshTrafficPermission")).inNamespace(name + "-system")
                .withName("allow-all-" + name).get()).as("the permission stays").isNotNull();
    }

    @Test
    void admissionRejectsSchemaViolationsNamingTheField() {
        String yaml = """
                apiVersion: kumaops.io/v1alpha1
                kind: KumaProductionProfile
                metadata: {name: rejected}
                spec:
                  controlPlane: {replicas: 0, store: {type: Disk}}
                """;
        var error = org.assertj.core.api.Assertions.catchThrowableOfType(io.fabric8.kubernetes.client.KubernetesClientException.class,
                () -> client.resource(yaml).create());
        assertThat(error.getCode()).isEqualTo(422);
        assertThat(error.getMessage()).contains("spec.controlPlane.replicas").contains("spec.controlPlane.store.type");
    }

    @Test
    void deletedOwnedObjectIsRecreated() {
        String name = TestCluster.uniqueName("drift");
        apply(client, isolatedExample(client, "minimal.yaml", name));
        awaitPhase(client, name, Phase.Ready);
        client.genericKubernetesResources(KubeKinds.kuma("ContainerPatch")).inNamespace(name + "-system")
                .withName("kuma-production-sidecar").delete();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                client.genericKubernetesResources(KubeKinds.kuma("ContainerPatch")).inNamespace(name + "-system")
                        .withName("kuma-production-sidecar").get() != null);
    }

    /**
     * A mesh Kuma made its defaults for (one an earlier profile left), adopted by a profile that writes every default kind: each of Kuma's defaults
     * is deleted only after the operator's policy of its kind is in place (decision 0018), with an Event saying so, and
     * PolicyFragmentation never opens on the way.
     */
    @Test
    void kumasDefaultPoliciesAreReplacedAfterTheOperatorsAreObserved() {
        String name = TestCluster.uniqueName("kdefaults");
        try (WriteLog log = WriteLog.start(client, name, name)) {
            GenericKubernetesResource mesh = new GenericKubernetesResource();
            mesh.setApiVersion("kuma.io/v1alpha1");
            mesh.setKind("Mesh");
            mesh.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name).build());
            mesh.setAdditionalProperty("spec", Map.of());
            // As an earlier profile left it (deletionPolicy: Orphan): under the operator's field manager, since Kuma's Mesh
            // spec is one field to the API server and another manager's would conflict.
            client.genericKubernetesResources(KubeKinds.kuma("Mesh")).resource(mesh)
                    .fieldManager(io.kumaops.operator.kube.KubeAccess.FIELD_MANAGER).serverSideApply();
            ItSupport.awaitKumaMeshDefaults(client, name);
            List<KumaDefaultPolicies.Policy> kumas = KumaDefaultPolicies.all();
            assertThat(kumas).allSatisfy(p -> assertThat(client.genericKubernetesResources(KubeKinds.kuma(p.kind()))
                    .inNamespace("kuma-system").withName(p.name(name)).get()).as(p.name(name)).isNotNull());

            apply(client, io.kumaops.operator.support.TestProfiles.fromSpec(name, """
                    controlPlane: {manage: false}
                    policies:
                      timeout: {connectionTimeout: 5s, idleTimeout: 1h, requestTimeout: 15s}
                      retry: {numRetries: 3}
                      circuitBreaker: {maxConnections: 2048}
                    """));
            try {
                awaitPhase(client, name, Phase.Ready);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("not Ready: " + io.fabric8.kubernetes.client.utils.Serialization.asYaml(get(client, name).getStatus()), e);
            }

            for (KumaDefaultPolicies.Policy kuma : kumas) {
                String replacement = kuma.kind().equals("MeshTimeout") ? (kuma == KumaDefaultPolicies.GATEWAY_TIMEOUT
                        ? io.kumaops.operator.model.GeneratedNames.meshTimeoutGateways(name)
                        : io.kumaops.operator.model.GeneratedNames.meshTimeout(name))
                        : kuma.kind().equals("MeshRetry") ? io.kumaops.operator.model.GeneratedNames.meshRetry(name)
                        : io.kumaops.operator.model.GeneratedNames.meshCircuitBreaker(name);
                long ours = log.firstRevision(w -> w.name().equals(replacement) && w.type().equals("ADDED"));
                long gone = log.firstRevision(w -> w.name().equals(kuma.name(name)) && w.type().equals("DELETED"));
                assertThat(ours).as(replacement + " written").isLessThan(Long.MAX_VALUE);
                assertThat(gone).as(kuma.name(name) + " deleted after " + replacement + " is in place").isGreaterThan(ours)
                        .isLessThan(Long.MAX_VALUE);
            }
            List<Event> events = events(name);
            assertThat(events).filteredOn(e -> e.getReason().equals("KumaDefaultReplaced")).hasSize(kumas.size());
            assertThat(events).extracting(Event::getReason).doesNotContain("FindingPolicyFragmentation");
            assertThat(get(client, name).getStatus().findings).extracting(f -> f.code).doesNotContain("PolicyFragmentation");
        }
    }

    private static Map<String, Object> mesh(String name) {
        GenericKubernetesResource mesh = client.genericKubernetesResources(KubeKinds.kuma("Mesh")).withName(name).get();
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) mesh.getAdditionalProperties().get("spec");
        return spec;
    }

    /** The sidecar requests the ContainerPatch sets: the value of its JSON-patch op, a string of JSON as Kuma takes it. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> sidecarRequests(String name) {
        Object spec = client.genericKubernetesResources(KubeKinds.kuma("ContainerPatch")).inNamespace(name + "-system")
                .withName("kuma-production-sidecar").get().getAdditionalProperties().get("spec");
        return io.fabric8.kubernetes.client.utils.Serialization.unmarshal((String) index(spec, "sidecarPatch", "path", "value")
                .get("/resources/requests"), Map.class);
    }

    static List<Event> events(String profile) {
        return client.v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> e.getInvolvedObject() != null && profile.equals(e.getInvolvedObject().getName())
                        && "KumaProductionProfile".equals(e.getInvolvedObject().getKind()))
                .toList();
    }

    static boolean labelled(GenericKubernetesResource resource, String profile) {
        Map<String, String> labels = resource.getMetadata().getLabels();
        return labels != null && profile.equals(labels.get(Labels.PROFILE));
    }
}
