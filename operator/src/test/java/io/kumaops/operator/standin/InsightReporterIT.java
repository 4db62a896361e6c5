package io.kumaops.operator.standin;

import static io.kumaops.operator.support.TreePath.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kumaops.operator.it.TestCluster;
import io.kumaops.operator.observe.ClusterFixtures;
import io.kumaops.operator.standin.InsightReporter.DataplaneRef;
import io.kumaops.operator.standin.InsightReporter.Settings;
import io.kumaops.operator.standin.InsightReporter.SupportedBackends;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The stand-in control plane on the real API server with Kuma's CRDs: every report is read back as a map and
 * checked field by field against the shape Kuma writes.
 */
class InsightReporterIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static KubernetesClient client;
    private final List<InsightReporter> reporters = new ArrayList<>();

    @BeforeAll
    static void cluster() {
        client = TestCluster.get().client();
    }

    @AfterEach
    void stopReporters() {
        reporters.forEach(InsightReporter::stop);
    }

    private InsightReporter reporter(Settings settings) {
        // The tier's stand-in reports on every mesh: these tests bring their own reporter for their meshes.
        settings.meshes().forEach(TestCluster.get().standIn().reports()::handOver);
        InsightReporter reporter = InsightReporter.create(client, settings);
        reporters.add(reporter);
        reporter.start();
        return reporter;
    }

    @Test
    void dataplanesInsightsAndTheMeshInsightHaveKumasShapes() {
        String mesh = TestCluster.uniqueName("shapes");
        String namespace = mesh + "-app";
        ClusterFixtures.namespace(client, namespace);
        mesh(mesh, null);
        InsightReporter reporter = reporter(Settings.defaults().withMeshes(mesh));

        List<DataplaneRef> refs = reporter.dataplanes("backend").namespace(namespace).mesh(mesh).port(80, 8080).protocol("http")
                .count(3).create();

        assertThat(refs).hasSize(3).extracting(DataplaneRef::name).allMatch(name -> name.startsWith("backend-")).doesNotHaveDuplicates();
        Map<String, Object> dataplane = read(ReportKinds.DATAPLANE, namespace, refs.get(0).name());
        assertThat(dataplane.get("mesh")).isEqualTo(mesh);
        assertThat(at(dataplane, "metadata.labels")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("kuma.io/mesh", mesh).containsEntry("k8s.kuma.io/namespace", namespace).containsEntry("kuma.io/proxy-type", "sidecar");
        assertThat(at(dataplane, "spec.networking.inbound[0].port")).isEqualTo(8080);
        assertThat(at(dataplane, "spec.networking.inbound[0].tags")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("kuma.io/service", "backend_" + namespace + "_svc_80").containsEntry("kuma.io/protocol", "http")
                .containsEntry("k8s.kuma.io/namespace", namespace).containsEntry("k8s.kuma.io/service-name", "backend")
                .containsEntry("k8s.kuma.io/service-port", "80");

        Map<String, Object> insight = await().atMost(WAIT).until(() -> find(ReportKinds.DATAPLANE_INSIGHT, namespace, refs.get(0).name()),
                object -> object != null);
        assertThat(insight.get("mesh")).isEqualTo(mesh);
        assertThat(at(insight, "metadata.ownerReferences[0].kind")).isEqualTo("Dataplane");
        assertThat(at(insight, "metadata.ownerReferences[0].uid")).isEqualTo(at(dataplane, "metadata.uid"));
        assertThat(at(insight, "metadata.labels")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("kuma.io/mesh", mesh).containsEntry("kuma.io/origin", "zone");
        assertThat(at(insight, "status.subscriptions[0].controlPlaneInstanceId")).isEqualTo(reporter.controlPlaneInstanceId());
        assertThat(at(insight, "status.subscriptions[0].connectTime")).asString().endsWith("Z");
        assertThat(at(insight, "status.subscriptions[0].disconnectTime")).isNull();
        assertThat(at(insight, "status.subscriptions[0].version.kumaDp.version")).isEqualTo("2.14.3");
        assertThat(at(insight, "status.subscriptions[0].version.envoy.version")).isEqualTo("1.38.2");
        assertThat(at(insight, "status.mTLS")).isNull();

        Map<String, Object> meshInsight = awaitMeshInsight(mesh, spec -> num(at(spec, "dataplanes.online")) == 3);
        assertThat(at(meshInsight, "metadata.ownerReferences[0].kind")).isEqualTo("Mesh");
        assertThat(meshInsight).doesNotContainKey("mesh");
        assertThat(at(meshInsight, "spec.dataplanes")).isEqualTo(Map.of("total", 3, "online", 3));
        assertThat(at(meshInsight, "spec.dataplanesByType.standard")).isEqualTo(Map.of("total", 3, "online", 3));
        assertThat(at(meshInsight, "spec.dpVersions.kumaDp")).isEqualTo(Map.of("2.14.3", Map.of("total", 3, "online", 3)));
        assertThat(at(meshInsight, "spec.dpVersions.envoy")).isEqualTo(Map.of("1.38.2", Map.of("total", 3, "online", 3)));
        assertThat(at(meshInsight, "spec.services")).isEqualTo(Map.of("total", 1, "internal", 1));
        assertThat(at(meshInsight, "spec.resources")).isEqualTo(Map.of("Dataplane", Map.of("total", 3)));
        assertThat(at(meshInsight, "spec.mTLS")).isEqualTo(Map.of());
        assertThat(at(meshInsight, "spec.lastSync")).isNull();

        // A Dataplane the reporter does not simulate has no insight: offline, version unknown.
        client.genericKubernetesResources(ReportKinds.DATAPLANE).inNamespace(namespace)
                .resource(ClusterFixtures.dataplane(namespace, "foreign", mesh)).create();
        meshInsight = awaitMeshInsight(mesh, spec -> num(at(spec, "dataplanes.total")) == 4);
        assertThat(at(meshInsight, "spec.dataplanes")).isEqualTo(Map.of("total", 4, "online", 3, "offline", 1));
        assertThat(at(meshInsight, "spec.dpVersions.kumaDp.unknown")).isEqualTo(Map.of("total", 1, "offline", 1));
    }

    @Test
    void policiesAreCountedAndPushedToTheProxies() {
        String mesh = TestCluster.uniqueName("policies");
        String namespace = mesh + "-app";
        ClusterFixtures.namespace(client, namespace);
        mesh(mesh, null);
        InsightReporter reporter = reporter(Settings.defaults().withMeshes(mesh));
        DataplaneRef ref = reporter.dataplanes("web").namespace(namespace).mesh(mesh).create().get(0);
        awaitMeshInsight(mesh, spec -> num(at(spec, "dataplanes.online")) == 1);
        long sentBefore = sent(awaitInsight(namespace, ref.name(), status -> sent(status) > 0));

        meshTrafficPermission(namespace, "allow-a", mesh);
        meshTrafficPermission(namespace, "allow-b", mesh);

        Map<String, Object> meshInsight = awaitMeshInsight(mesh, spec -> at(spec, "resources.MeshTrafficPermission") != null
                && num(at(spec, "resources.MeshTrafficPermission.total")) == 2);
        assertThat(at(meshInsight, "spec.policies.MeshTrafficPermission")).isEqualTo(Map.of("total", 2));
        awaitInsight(namespace, ref.name(), status -> sent(status) > sentBefore);

        client.genericKubernetesResources(ReportKinds.context("MeshTrafficPermission", "meshtrafficpermissions", true))
                .inNamespace(namespace).withName("allow-b").delete();
        awaitMeshInsight(mesh, spec -> num(at(spec, "resources.MeshTrafficPermission.total")) == 1);
    }

    @Test
    void certificatesFollowTheMeshAfterTheDelayLaggingProxiesLaterStuckOnesNever() {
        // A switch between two backends is Kong Mesh's (open-source Kuma admits one): judged as Kong Mesh meanwhile.
        var kuma = TestCluster.get().standIn().target();
        try (var kongMesh = TestCluster.get().standIn().judgeAs(new io.kumaops.operator.admission.AdmissionTarget(
                io.kumaops.operator.api.v1alpha1.Distribution.KongMesh, kuma.version(), kuma.systemNamespace(), kuma.role()))) {
            rotateBetweenBackends();
        }
    }

    private void rotateBetweenBackends() {
        String mesh = TestCluster.uniqueName("mtls");
        String namespace = mesh + "-app";
        ClusterFixtures.namespace(client, namespace);
        mesh(mesh, null);
        Duration delay = Duration.ofMillis(300);
        Duration lag = Duration.ofSeconds(3);
        InsightReporter reporter = reporter(Settings.defaults().withMeshes(mesh).withDelay(delay)
                .withSupportedBackends(SupportedBackends.ALL_MESH_BACKENDS));
        List<DataplaneRef> refs = reporter.dataplanes("api").namespace(namespace).mesh(mesh).count(4).create();
        DataplaneRef lagging = refs.get(2);
        DataplaneRef stuck = refs.get(3);
        reporter.lag(lagging, lag);
        reporter.stuck(stuck, true);
        awaitMeshInsight(mesh, spec -> num(at(spec, "dataplanes.online")) == 4);
        // Their first configuration has landed, so nothing is on its way when the Mesh changes.
        refs.forEach(ref -> awaitInsight(namespace, ref.name(), status -> sent(status) > 0));

        // mTLS on: each proxy gets a certificate from the enabled backend after the delay.
        long enabledAt = System.currentTimeMillis();
        mesh(mesh, mtls("ca-1", "ca-1"));
        for (DataplaneRef ref : refs.subList(0, 2)) {
            Map<String, Object> status = awaitInsight(namespace, ref.name(), s -> "ca-1".equals(at(s, "mTLS.issuedBackend")));
            assertThat(at(status, "mTLS.supportedBackends")).isEqualTo(List.of("ca-1"));
            assertThat(at(status, "mTLS.certificateRegenerations")).isEqualTo(1);
            long issued = millis(at(status, "mTLS.lastCertificateRegeneration"));
            assertThat(issued).isGreaterThanOrEqualTo(enabledAt + delay.toMillis() - 50);
            assertThat(millis(at(status, "mTLS.certificateExpirationTime")) - issued).isEqualTo(Duration.ofHours(24).toMillis());
        }
        Map<String, Object> partial = awaitMeshInsight(mesh, spec -> at(spec, "mTLS.issuedBackends.ca-1") != null
                && num(at(spec, "mTLS.issuedBackends.ca-1.total")) == 2);
        assertThat(at(partial, "spec.mTLS.supportedBackends.ca-1")).isEqualTo(Map.of("total", 2, "online", 2));
        assertThat(at(insightStatus(namespace, lagging.name()), "mTLS")).as("the lagging proxy, before its lag").isNull();

        Map<String, Object> late = awaitInsight(namespace, lagging.name(), s -> "ca-1".equals(at(s, "mTLS.issuedBackend")));
        assertThat(millis(at(late, "mTLS.lastCertificateRegeneration"))).isGreaterThanOrEqualTo(enabledAt + delay.toMillis() + lag.toMillis() - 50);
        awaitMeshInsight(mesh, spec -> num(at(spec, "mTLS.issuedBackends.ca-1.total")) == 3);

        // Switch to a second backend (a Kong Mesh rotation): the lagging proxy shows the old one until its lag passes.
        long switchedAt = System.currentTimeMillis();
        mesh(mesh, mtls("ca-2", "ca-1", "ca-2"));
        awaitInsight(namespace, refs.get(0).name(), s -> "ca-2".equals(at(s, "mTLS.issuedBackend")));
        Map<String, Object> during = awaitMeshInsight(mesh, spec -> at(spec, "mTLS.issuedBackends.ca-2") != null
                && num(at(spec, "mTLS.issuedBackends.ca-2.total")) == 2);
        assertThat(at(during, "spec.mTLS.issuedBackends.ca-1")).as("the lagging proxy keeps ca-1 for now").isEqualTo(Map.of("total", 1, "online", 1));
        Map<String, Object> lagStatus = insightStatus(namespace, lagging.name());
        assertThat(at(lagStatus, "mTLS.issuedBackend")).isEqualTo("ca-1");
        Map<String, Object> switched = awaitInsight(namespace, lagging.name(), s -> "ca-2".equals(at(s, "mTLS.issuedBackend")));
        assertThat(millis(at(switched, "mTLS.lastCertificateRegeneration"))).isGreaterThanOrEqualTo(switchedAt + lag.toMillis());
        assertThat(at(switched, "mTLS.supportedBackends")).isEqualTo(List.of("ca-1", "ca-2"));
        assertThat(at(switched, "mTLS.certificateRegenerations")).isEqualTo(2);
        Map<String, Object> after = awaitMeshInsight(mesh, spec -> num(at(spec, "mTLS.issuedBackends.ca-2.total")) == 3);
        assertThat(at(after, "spec.mTLS.issuedBackends.ca-1")).isNull();
        assertThat(at(after, "spec.mTLS.supportedBackends")).isEqualTo(Map.of(
                "ca-1", Map.of("total", 3, "online", 3), "ca-2", Map.of("total", 3, "online", 3)));

        // The stuck proxy never took a certificate at all.
        assertThat(at(insightStatus(namespace, stuck.name()), "mTLS")).isNull();
        assertThat(num(at(after, "spec.dataplanes.online"))).isEqualTo(4);
    }

    @Test
    void offlineProxiesAreCountedAndAReconnectionIsANewSubscription() {
        String mesh = TestCluster.uniqueName("offline");
        String namespace = mesh + "-app";
        ClusterFixtures.namespace(client, namespace);
        mesh(mesh, mtls("ca-1", "ca-1"));
        InsightReporter reporter = reporter(Settings.defaults().withMeshes(mesh));
        List<DataplaneRef> refs = reporter.dataplanes("cart").namespace(namespace).mesh(mesh).count(3).create();
        List<DataplaneRef> never = reporter.dataplanes("batch").namespace(namespace).mesh(mesh).offline().create();
        awaitMeshInsight(mesh, spec -> at(spec, "mTLS.issuedBackends.ca-1") != null && num(at(spec, "mTLS.issuedBackends.ca-1.online")) == 3);

        reporter.disconnect(refs.get(0));

        Map<String, Object> meshInsight = awaitMeshInsight(mesh, spec -> num(at(spec, "dataplanes.offline")) == 2);
        assertThat(at(meshInsight, "spec.dataplanes")).isEqualTo(Map.of("total", 4, "online", 2, "offline", 2));
        // An offline proxy still counts under the backend of its last certificate.
        assertThat(at(meshInsight, "spec.mTLS.issuedBackends.ca-1")).isEqualTo(Map.of("total", 3, "online", 2, "offline", 1));
        Map<String, Object> gone = insightStatus(namespace, refs.get(0).name());
        assertThat(at(gone, "subscriptions[0].disconnectTime")).isNotNull();
        assertThat(find(ReportKinds.DATAPLANE_INSIGHT, namespace, never.get(0).name())).as("never connected: no insight").isNull();

        reporter.connect(refs.get(0));
        Map<String, Object> back = awaitInsight(namespace, refs.get(0).name(), s -> ((List<?>) s.get("subscriptions")).size() == 2);
        assertThat(at(back, "subscriptions[0].disconnectTime")).isNotNull();
        assertThat(at(back, "subscriptions[1].disconnectTime")).isNull();
        awaitMeshInsight(mesh, spec -> num(at(spec, "dataplanes.online")) == 3);
    }

    @Test
    void aStoppedControlPlaneFreezesEveryReportUntilItIsBack() throws InterruptedException {
        String mesh = TestCluster.uniqueName("frozen");
        String namespace = mesh + "-app";
        ClusterFixtures.namespace(client, namespace);
        mesh(mesh, null);
        InsightReporter reporter = reporter(Settings.defaults().withMeshes(mesh).withIdleTimeout(Duration.ofSeconds(2)));
        List<DataplaneRef> refs = reporter.dataplanes("orders").namespace(namespace).mesh(mesh).count(2).create();
        awaitMeshInsight(mesh, spec -> num(at(spec, "dataplanes.online")) == 2);
        awaitInsight(namespace, refs.get(1).name(), status -> sent(status) > 0);
        String firstInstance = reporter.controlPlaneInstanceId();

        reporter.stopControlPlane(); // returns once the writes already sent have landed
        String meshInsightVersion = version(ReportKinds.MESH_INSIGHT, null, mesh);
        String insightVersion = version(ReportKinds.DATAPLANE_INSIGHT, namespace, refs.get(0).name());
        reporter.disconnect(refs.get(0));
        mesh(mesh, mtls("ca-1", "ca-1"));
        meshTrafficPermission(namespace, "allow-all", mesh);
        reporter.dataplanes("late").namespace(namespace).mesh(mesh).create();
        // Kept a sleep: what must not happen is the stand-in's timers firing (delay, resync, full resync); the window outlasts all three.
        Thread.sleep(2500);

        assertThat(version(ReportKinds.MESH_INSIGHT, null, mesh)).isEqualTo(meshInsightVersion);
        assertThat(version(ReportKinds.DATAPLANE_INSIGHT, namespace, refs.get(0).name())).isEqualTo(insightVersion);
        assertThat(at(insightStatus(namespace, refs.get(0).name()), "subscriptions[0].disconnectTime"))
                .as("a control plane that is down records no disconnection").isNull();

        reporter.startControlPlane();
        assertThat(reporter.controlPlaneInstanceId()).isNotEqualTo(firstInstance);
        Map<String, Object> reconnected = awaitInsight(namespace, refs.get(1).name(), s -> "ca-1".equals(at(s, "mTLS.issuedBackend")));
        assertThat(at(reconnected, "subscriptions[0].controlPlaneInstanceId")).isEqualTo(firstInstance);
        assertThat(at(reconnected, "subscriptions[0].disconnectTime")).isNotNull();
        assertThat(at(reconnected, "subscriptions[1].controlPlaneInstanceId")).isEqualTo(reporter.controlPlaneInstanceId());
        // The proxy that went while the control plane was down is closed by the idle-timeout finalizer.
        Map<String, Object> finalized = awaitInsight(namespace, refs.get(0).name(), s -> at(s, "subscriptions[0].disconnectTime") != null);
        assertThat(((List<?>) finalized.get("subscriptions"))).hasSize(1);
        Map<String, Object> meshInsight = awaitMeshInsight(mesh, spec -> num(at(spec, "dataplanes.offline")) == 1
                && num(at(spec, "dataplanes.total")) == 3 && num(at(spec, "dataplanes.online")) == 2);
        assertThat(at(meshInsight, "spec.resources.MeshTrafficPermission")).isEqualTo(Map.of("total", 1));
    }

    @Test
    void aPartlyReadyDataplaneIsPartiallyDegradedAtTheNextFullResync() {
        String mesh = TestCluster.uniqueName("degraded");
        String namespace = mesh + "-app";
        ClusterFixtures.namespace(client, namespace);
        mesh(mesh, null);
        InsightReporter reporter = reporter(Settings.defaults().withMeshes(mesh));
        DataplaneRef ref = reporter.dataplanes("search").namespace(namespace).mesh(mesh).port(80, 8080).port(81, 8081).create().get(0);
        awaitMeshInsight(mesh, spec -> num(at(spec, "dataplanes.online")) == 1);

        reporter.setInboundReady(ref, 81, false);

        Map<String, Object> dataplane = read(ReportKinds.DATAPLANE, namespace, ref.name());
        assertThat(at(dataplane, "spec.networking.inbound[1].state")).isEqualTo("NotReady");
        Map<String, Object> meshInsight = awaitMeshInsight(mesh, spec -> num(at(spec, "dataplanes.partiallyDegraded")) == 1);
        assertThat(at(meshInsight, "spec.dataplanes")).isEqualTo(Map.of("total", 1, "partiallyDegraded", 1));
        assertThat(at(meshInsight, "spec.services")).isEqualTo(Map.of("total", 2, "internal", 2));
    }

    @Test
    void zonesConnectAndDisconnect() {
        String zone = TestCluster.uniqueName("zone-east");
        InsightReporter reporter = reporter(Settings.defaults().withMeshes("none-" + zone));
        try {
            reporter.connectZone(zone);

            Map<String, Object> zoneObject = await().atMost(WAIT).until(() -> find(ReportKinds.ZONE, null, zone), object -> object != null);
            assertThat(zoneObject.get("spec")).isEqualTo(Map.of("enabled", true));
            Map<String, Object> insight = await().atMost(WAIT).until(() -> find(ReportKinds.ZONE_INSIGHT, null, zone), object -> object != null);
            assertThat(at(insight, "metadata.ownerReferences[0].uid")).isEqualTo(at(zoneObject, "metadata.uid"));
            assertThat(at(insight, "spec.subscriptions[0].globalInstanceId")).isEqualTo(reporter.controlPlaneInstanceId());
            assertThat(at(insight, "spec.subscriptions[0].zoneInstanceId")).asString().startsWith("kuma-control-plane-");
            assertThat(at(insight, "spec.subscriptions[0].connectTime")).isNotNull();
            assertThat(at(insight, "spec.subscriptions[0].disconnectTime")).isNull();
            assertThat(at(insight, "spec.subscriptions[0].version.kumaCp.version")).isEqualTo("2.14.3");
            assertThat(at(insight, "spec.kdsStreams.globalToZone.globalInstanceId")).isEqualTo(reporter.controlPlaneInstanceId());
            assertThat(at(insight, "spec.healthCheck.time")).isNotNull();

            reporter.disconnectZone(zone);
            await().atMost(WAIT).until(() -> at(find(ReportKinds.ZONE_INSIGHT, null, zone), "spec.subscriptions[0].disconnectTime") != null);

            reporter.connectZone(zone);
            Map<String, Object> again = await().atMost(WAIT).until(() -> find(ReportKinds.ZONE_INSIGHT, null, zone),
                    object -> ((List<?>) at(object, "spec.subscriptions")).size() == 2);
            assertThat(at(again, "spec.subscriptions[0].disconnectTime")).isNotNull();
            assertThat(at(again, "spec.subscriptions[1].disconnectTime")).isNull();
        } finally {
            reporter.stop();
            client.genericKubernetesResources(ReportKinds.ZONE_INSIGHT).withName(zone).delete();
            client.genericKubernetesResources(ReportKinds.ZONE).withName(zone).delete();
        }
    }

    // ---- fixtures

    private static void mesh(String name, Map<String, Object> mtls) {
        // Before the Mesh exists, so the tier's stand-in never reports on it.
        TestCluster.get().standIn().reports().handOver(name);
        Map<String, Object> spec = new LinkedHashMap<>();
        if (mtls != null) {
            spec.put("mtls", mtls);
        }
        // The tier's stand-in creates Kuma's default policies for a new Mesh; these tests count only their own.
        spec.put("skipCreatingInitialPolicies", List.of("*"));
        Map<String, Object> body = Map.of("apiVersion", "kuma.io/v1alpha1", "kind", "Mesh", "metadata", Map.of("name", name), "spec", spec);
        client.genericKubernetesResources(ReportKinds.MESH).resource(Serialization.jsonMapper().convertValue(body, GenericKubernetesResource.class))
                .fieldManager("test").forceConflicts().serverSideApply();
    }

    private static Map<String, Object> mtls(String enabled, String... backends) {
        List<Object> list = new ArrayList<>();
        for (String backend : backends) {
            list.add(Map.of("name", backend, "type", "builtin"));
        }
        return Map.of("enabledBackend", enabled, "backends", list);
    }

    private static void meshTrafficPermission(String namespace, String name, String mesh) {
        Map<String, Object> body = Map.of("apiVersion", "kuma.io/v1alpha1", "kind", "MeshTrafficPermission",
                "metadata", Map.of("name", name, "namespace", namespace, "labels", Map.of("kuma.io/mesh", mesh)),
                "spec", Map.of("from", List.of(Map.of("targetRef", Map.of("kind", "Mesh"), "default", Map.of("action", "Allow")))));
        client.genericKubernetesResources(ReportKinds.context("MeshTrafficPermission", "meshtrafficpermissions", true)).inNamespace(namespace)
                .resource(Serialization.jsonMapper().convertValue(body, GenericKubernetesResource.class)).create();
    }

    // ---- reading back

    private static Map<String, Object> awaitMeshInsight(String mesh, java.util.function.Predicate<Map<String, Object>> spec) {
        return await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> find(ReportKinds.MESH_INSIGHT, null, mesh),
                object -> object != null && object.get("spec") instanceof Map<?, ?> && spec.test(map(object.get("spec"))));
    }

    private static Map<String, Object> awaitInsight(String namespace, String name, java.util.function.Predicate<Map<String, Object>> status) {
        return await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
            Map<String, Object> insight = find(ReportKinds.DATAPLANE_INSIGHT, namespace, name);
            return insight == null ? null : map(insight.get("status"));
        }, found -> found != null && status.test(found));
    }

    private static Map<String, Object> insightStatus(String namespace, String name) {
        return map(read(ReportKinds.DATAPLANE_INSIGHT, namespace, name).get("status"));
    }

    private static Map<String, Object> read(ResourceDefinitionContext context, String namespace, String name) {
        Map<String, Object> found = find(context, namespace, name);
        assertThat(found).as(context.getKind() + " " + name).isNotNull();
        return found;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> find(ResourceDefinitionContext context, String namespace, String name) {
        var operation = client.genericKubernetesResources(context);
        GenericKubernetesResource resource = namespace == null ? operation.withName(name).get() : operation.inNamespace(namespace).withName(name).get();
        return resource == null ? null : Serialization.jsonMapper().convertValue(resource, Map.class);
    }

    private static String version(ResourceDefinitionContext context, String namespace, String name) {
        return (String) at(read(context, namespace, name), "metadata.resourceVersion");
    }

    private static long sent(Map<String, Object> status) {
        Object sent = at(status, "subscriptions[" + (((List<?>) status.get("subscriptions")).size() - 1) + "].status.total.responsesSent");
        return sent == null ? 0 : Long.parseLong((String) sent);
    }

    private static long millis(Object timestamp) {
        return Instant.parse((String) timestamp).toEpochMilli();
    }

    private static long num(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }
}
