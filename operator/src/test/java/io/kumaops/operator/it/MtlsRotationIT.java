package io.kumaops.operator.it;

import io.kumaops.operator.support.MutableClock;
import static io.kumaops.operator.it.ItSupport.apply;
import static io.kumaops.operator.it.ItSupport.awaitFreshPasses;
import static io.kumaops.operator.it.ItSupport.awaitPhase;
import static io.kumaops.operator.it.ItSupport.awaitProfile;
import static io.kumaops.operator.it.ItSupport.condition;
import static io.kumaops.operator.it.ItSupport.get;
import static io.kumaops.operator.it.ItSupport.isolate;
import static io.kumaops.operator.it.PhasedRolloutSupport.START;
import static io.kumaops.operator.it.PhasedRolloutSupport.awaitTrue;
import static io.kumaops.operator.support.TreePath.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kumaops.operator.admission.AdmissionTarget;
import io.kumaops.operator.api.v1alpha1.Distribution;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.api.v1alpha1.MtlsRotationStatus;
import io.kumaops.operator.api.v1alpha1.Phase;
import io.kumaops.operator.it.PhasedRolloutSupport.Event;
import io.kumaops.operator.it.PhasedRolloutSupport.EventLog;
import io.kumaops.operator.kube.KubeKinds;
import io.kumaops.operator.standin.InsightReporter;
import io.kumaops.operator.standin.InsightReporter.DataplaneRef;
import io.kumaops.operator.standin.KumaStandIn;
import io.kumaops.operator.support.TestProfiles;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * CA rotation on the real API server with Kuma's reports in the loop: the new backend is added while the old stays
 * enabled, the switch follows once it is observed, recorded and supported by every online data plane (MeshInsight
 * mTLS.supportedBackends), and the old backend leaves the Mesh only once no data plane holds a certificate from it
 * (mTLS.issuedBackends) — also when the operator dies in the middle, and, without Kuma's evidence
 * ({@code gates: ApiServerOnly}), only after its data-plane certificate validity on the operator's clock. The waits name
 * the lagging data planes; a stuck one holds the rotation past the gate timeout, a stopped control plane holds it until
 * it reports again. Rotating between backends is Kong Mesh's (open-source Kuma admits one backend and no switch under
 * mTLS), so the profiles say {@code distribution: KongMesh} and the Kuma stand-in plays Kong Mesh for this class.
 */
class MtlsRotationIT {

    /** The gates wait for the API server alone: the rotation follows the old backend's certificate validity. */
    private static final String API_SERVER_ONLY = "rollout: {gates: ApiServerOnly}\n";

    private static TestCluster cluster;
    private static KubernetesClient client;
    private static KumaStandIn.Scope kongMesh;

    @BeforeAll
    static void cluster() {
        cluster = TestCluster.get();
        client = cluster.client();
        AdmissionTarget kuma = cluster.standIn().target();
        kongMesh = cluster.standIn().judgeAs(new AdmissionTarget(Distribution.KongMesh, kuma.version(), kuma.systemNamespace(), kuma.role()));
    }

    @AfterAll
    static void judgeAsKumaAgain() {
        kongMesh.close();
    }

    private static KumaProductionProfile profile(String name, String enabled, String... backends) {
        return profileWith(name, "", enabled, backends);
    }

    /** @param extra more of the spec, e.g. "rollout: {gates: ApiServerOnly}\n" */
    private static KumaProductionProfile profileWith(String name, String extra, String enabled, String... backends) {
        // CA rotation between backends is Kong Mesh's: open-source Kuma admits one backend and no switch under mTLS.
        StringBuilder spec = new StringBuilder(extra + "distribution: KongMesh\nmtls:\n  enabled: true\n  enabledBackend: " + enabled + "\n  backends:\n");
        for (String backend : backends) {
            // ca-1's certificates live one hour: that is how long it must stay after the switch.
            spec.append("    - {name: ").append(backend).append(", type: Builtin, dpCertValidity: ")
                    .append(backend.equals("ca-1") ? "1h" : "24h").append("}\n");
        }
        return isolate(client, TestProfiles.fromSpec(name, spec.toString()), name);
    }

    private static EventLog log(String name) {
        return EventLog.start(client, e -> !e.kind().equals("Mesh") || e.name().equals(name), EventLog.kuma("Mesh"));
    }

    private static Map<String, Object> liveMesh(String name) {
        return client.genericKubernetesResources(KubeKinds.kuma("Mesh")).withName(name).get().getAdditionalProperties();
    }

    @SuppressWarnings("unchecked")
    private static List<String> liveBackends(String name) {
        Map<String, Object> mtls = (Map<String, Object>) ((Map<String, Object>) liveMesh(name).get("spec")).get("mtls");
        return ((List<Map<String, Object>>) mtls.get("backends")).stream().map(b -> (String) b.get("name")).toList();
    }

    private static MtlsRotationStatus rotation(String name) {
        KumaProductionProfile profile = get(client, name);
        return profile == null || profile.getStatus() == null ? null : profile.getStatus().mtlsRotation;
    }

    private static KumaProductionProfile awaitRotation(String name, String phase) {
        return awaitProfile(client, name, Duration.ofSeconds(60), p -> p.getStatus().mtlsRotation != null
                && phase.equals(p.getStatus().mtlsRotation.phase));
    }

    private static InsightReporter reports() {
        return cluster.standIn().reports();
    }

    /** {@code count} data planes of service web in the mesh (namespace {@code <mesh>-app}), once each holds a certificate from ca-1. */
    private static List<DataplaneRef> dataplanes(String mesh, int count) {
        String namespace = mesh + "-app";
        ItSupport.createNamespace(client, namespace);
        List<DataplaneRef> created = reports().dataplanes("web").namespace(namespace).mesh(mesh).count(count).create();
        awaitMeshInsight(mesh, "mTLS.issuedBackends.ca-1.online", count);
        return created;
    }

    /** The profile with mTLS on ca-1 rolled out, and {@code count} data planes holding a certificate from it. */
    private static List<DataplaneRef> readyOnCa1(String name, int count) {
        apply(client, profile(name, "ca-1", "ca-1"));
        awaitPhase(client, name, Phase.Ready);
        return dataplanes(name, count);
    }

    /** Waits until Kuma's MeshInsight of the mesh says {@code value} at {@code path} of its spec. */
    private static void awaitMeshInsight(String mesh, String path, long value) {
        awaitTrue(Duration.ofSeconds(30), () -> {
            GenericKubernetesResource insight = client.genericKubernetesResources(KubeKinds.kuma("MeshInsight")).withName(mesh).get();
            Object found = insight == null ? null : at(insight.getAdditionalProperties(), "spec." + path);
            return found != null && Long.parseLong(String.valueOf(found)) == value;
        });
    }

    /** An operator on the test clock that reads the DataplaneInsights on every pass, so each wait names who it waits for. */
    private static TestCluster.RunningOperator startReadingInsightsEachPass(MutableClock clock) {
        var options = PhasedRolloutSupport.options(clock);
        return cluster.startOperator(options.withSettings(options.settings().withInsightReadInterval(Duration.ZERO)));
    }

    private static KumaProductionProfile awaitReady(String name, String reason, String... messageParts) {
        return awaitProfile(client, name, Duration.ofSeconds(60), p -> condition(p, "Ready")
                .filter(c -> reason.equals(c.getReason()) && java.util.Arrays.stream(messageParts).allMatch(c.getMessage()::contains))
                .isPresent());
    }

    private static boolean hasFinding(KumaProductionProfile profile, String code) {
        return profile.getStatus().findings != null && profile.getStatus().findings.stream().anyMatch(f -> f.code.equals(code));
    }

    @SuppressWarnings("unchecked")
    private static List<String> backendsOf(WriteLog.Write mesh) {
        Object mtls = mesh.spec().get("mtls");
        Object backends = mtls instanceof Map<?, ?> m ? m.get("backends") : null;
        return backends instanceof List<?> list ? list.stream().map(b -> (String) ((Map<String, Object>) b).get("name")).toList() : List.of();
    }

    private static Object enabledOf(WriteLog.Write mesh) {
        return mesh.spec().get("mtls") instanceof Map<?, ?> m ? m.get("enabledBackend") : null;
    }

    /** Revision of the first Mesh write that enables {@code backend}. */
    private static long switchTo(EventLog log, String name, String backend) {
        return log.first(e -> e.is("Mesh", name) && backend.equals(e.enabledBackend()));
    }

    @Test
    void withoutKumasEvidenceTheOldBackendRetiresOnlyAfterItsCertificateValidity() {
        String name = TestCluster.uniqueName("rotate");
        MutableClock clock = new MutableClock(START);
        try (EventLog log = log(name); TestCluster.RunningOperator operator = PhasedRolloutSupport.start(cluster, clock)) {
            apply(client, profileWith(name, API_SERVER_ONLY, "ca-1", "ca-1"));
            awaitPhase(client, name, Phase.Ready);
            assertThat(rotation(name)).as("enabling mTLS the first time is no rotation").isNull();

            apply(client, profileWith(name, API_SERVER_ONLY, "ca-2", "ca-1", "ca-2"));
            KumaProductionProfile draining = awaitRotation(name, MtlsRotationStatus.DRAINING);
            MtlsRotationStatus status = draining.getStatus().mtlsRotation;
            assertThat(status.fromBackend).isEqualTo("ca-1");
            assertThat(status.toBackend).isEqualTo("ca-2");
            assertThat(status.switchedAt).isEqualTo("2026-01-01T00:00:00Z");
            assertThat(status.retireAfter).as("ca-1's dpCertValidity after the switch").isEqualTo("2026-01-01T01:00:00Z");
            assertThat(log.statusSequence(name, "mtlsRotation", "phase")).as("status went through every phase")
                    .containsExactly("AddingBackend", "Switching", "Draining");

            List<Event> meshWrites = log.ordered(e -> e.is("Mesh", name));
            Event added = meshWrites.stream().filter(e -> e.meshBackends().contains("ca-2")).findFirst().orElseThrow();
            assertThat(added.enabledBackend()).as("phase 1 adds ca-2 while ca-1 stays enabled").isEqualTo("ca-1");
            assertThat(added.meshBackends()).containsExactly("ca-1", "ca-2");
            long switched = switchTo(log, name, "ca-2");
            assertThat(switched).as("the switch comes after the add was observed").isGreaterThan(added.revision());
            assertThat(log.firstStatus(name, "ca-2", "mtlsRotation", "toBackend"))
                    .as("the rotation (from ca-1 to ca-2) is recorded in status before the switch").isLessThan(switched);

            // The profile drops ca-1 while it drains: the Mesh keeps it until retireAfter.
            apply(client, profileWith(name, API_SERVER_ONLY, "ca-2", "ca-2"));
            awaitProfile(client, name, Duration.ofSeconds(30), p -> p.getStatus().observedGeneration.equals(p.getMetadata().getGeneration()));
            clock.advance(Duration.ofMinutes(59));
            awaitFreshPasses(operator.runner(), name, 2);
            assertThat(liveBackends(name)).containsExactlyInAnyOrder("ca-1", "ca-2");
            assertThat(rotation(name).phase).isEqualTo(MtlsRotationStatus.DRAINING);
            assertThat(condition(get(client, name), "Ready").orElseThrow().getStatus()).as("a drain does not hold the rollout").isEqualTo("True");
            long beforeDue = log.lastRevision();

            clock.advance(Duration.ofMinutes(1));
            awaitTrue(Duration.ofSeconds(30), () -> liveBackends(name).equals(List.of("ca-2")));
            assertThat(awaitRotation(name, MtlsRotationStatus.DONE).getStatus().mtlsRotation.message).contains("ca-1 is retired");
            long retired = log.first(e -> e.is("Mesh", name) && !e.meshBackends().contains("ca-1") && e.revision() > switched);
            assertThat(retired).as("retired only after the clock passed retireAfter").isGreaterThan(beforeDue);
            assertThat(log.ordered(e -> e.is("Mesh", name) && e.revision() > added.revision()))
                    .as("ca-1 is never missing while it is enabled")
                    .allSatisfy(e -> assertThat(!"ca-1".equals(e.enabledBackend()) || e.meshBackends().contains("ca-1")).isTrue());
        }
    }

    @Test
    void droppingTheEnabledBackendIsBlockedWithAFinding() {
        String name = TestCluster.uniqueName("rotate-drop");
        MutableClock clock = new MutableClock(START);
        try (TestCluster.RunningOperator operator = PhasedRolloutSupport.start(cluster, clock)) {
            apply(client, profile(name, "ca-1", "ca-1", "ca-2"));
            awaitPhase(client, name, Phase.Ready);
            apply(client, profile(name, "ca-2", "ca-2"));
            KumaProductionProfile blocked = awaitPhase(client, name, Phase.Blocked);
            assertThat(blocked.getStatus().findings).anySatisfy(f -> {
                assertThat(f.code).isEqualTo("EnabledBackendRemoved");
                assertThat(f.message).contains("backend ca-1 is enabled on the live mesh " + name);
            });
            assertThat(condition(blocked, "Ready").orElseThrow().getMessage()).contains("3-mtls", "EnabledBackendRemoved");
            awaitFreshPasses(operator.runner(), name, 2);
            assertThat(at(liveMesh(name), "spec.mtls.enabledBackend")).isEqualTo("ca-1");
            assertThat(liveBackends(name)).containsExactly("ca-1", "ca-2");
        }
    }

    /**
     * Kuma's word, one data plane at a time: a lagging one delays the switch until it supports ca-2, a stuck one holds
     * it past the gate timeout (KumaNotReporting) until it takes the new configuration, and an offline one that still
     * holds a ca-1 certificate keeps ca-1 in the Mesh after the switch — past ca-1's validity with a Warning — until it
     * reconnects. Every wait names the data planes it waits for; the Mesh writes come in that order.
     */
    @Test
    void theSwitchWaitsForEveryOnlineDataPlaneAndTheOldBackendForTheLastHolderNamingThem() {
        String name = TestCluster.uniqueName("rotate-kuma");
        MutableClock clock = new MutableClock(START);
        try (WriteLog writes = WriteLog.start(client, name, name); TestCluster.RunningOperator operator = startReadingInsightsEachPass(clock)) {
            List<DataplaneRef> web = readyOnCa1(name, 3);
            String app = name + "-app/";
            DataplaneRef stuck = web.get(0);
            DataplaneRef lagging = web.get(1);
            DataplaneRef offline = web.get(2);
            reports().stuck(stuck, true);
            reports().lag(lagging, Duration.ofSeconds(8));
            reports().disconnect(offline);
            awaitMeshInsight(name, "dataplanes.offline", 1);

            apply(client, profile(name, "ca-2", "ca-1", "ca-2"));
            awaitReady(name, "WaitingForCaSupport", "2 of 2 online data planes do not support ca-2 yet",
                    app + stuck.name(), app + lagging.name());
            KumaProductionProfile caughtUp = awaitReady(name, "WaitingForCaSupport", "1 of 2 online data planes do not support ca-2 yet",
                    app + stuck.name());
            assertThat(condition(caughtUp, "Ready").orElseThrow().getMessage()).as("the lagging one caught up")
                    .doesNotContain(lagging.name());

            clock.advance(Duration.ofMinutes(11));
            KumaProductionProfile timedOut = awaitProfile(client, name, Duration.ofSeconds(30), p -> hasFinding(p, "KumaNotReporting"));
            assertThat(timedOut.getStatus().phase).isEqualTo(Phase.Blocked);
            assertThat(at(liveMesh(name), "spec.mtls.enabledBackend")).as("a stuck data plane holds the switch").isEqualTo("ca-1");
            long beforeUnstuck = writes.lastRevision(w -> true);

            reports().stuck(stuck, false);
            KumaProductionProfile draining = awaitRotation(name, MtlsRotationStatus.DRAINING);
            assertThat(draining.getStatus().mtlsRotation.switchedAt).isEqualTo("2026-01-01T00:11:00Z");
            assertThat(draining.getStatus().mtlsRotation.retireAfter).as("ca-1's 1h validity: the bound").isEqualTo("2026-01-01T01:11:00Z");

            apply(client, profile(name, "ca-2", "ca-2"));
            awaitReady(name, "WaitingForCaDrain", "1 of 3 data planes still hold certificates from ca-1: " + app + offline.name());
            assertThat(liveBackends(name)).contains("ca-1");
            clock.advance(Duration.ofHours(1));
            KumaProductionProfile outstanding = awaitProfile(client, name, Duration.ofSeconds(30),
                    p -> hasFinding(p, "OldCaCertificatesOutstanding"));
            assertThat(outstanding.getStatus().findings).filteredOn(f -> f.code.equals("OldCaCertificatesOutstanding")).singleElement()
                    .satisfies(f -> {
                        assertThat(f.severity).isEqualTo(io.kumaops.operator.api.v1alpha1.Severity.Warning);
                        assertThat(f.message).contains(app + offline.name());
                    });
            assertThat(liveBackends(name)).as("past the validity ca-1 still stays").contains("ca-1");
            long beforeReconnect = writes.lastRevision(w -> true);

            reports().connect(offline);
            awaitTrue(Duration.ofSeconds(30), () -> liveBackends(name).equals(List.of("ca-2")));
            KumaProductionProfile done = awaitRotation(name, MtlsRotationStatus.DONE);
            assertThat(done.getStatus().findings).extracting(f -> f.code).doesNotContain("OldCaCertificatesOutstanding", "KumaNotReporting");

            long added = writes.firstRevision(w -> w.kind().equals("Mesh") && backendsOf(w).contains("ca-2"));
            long switched = writes.firstRevision(w -> w.kind().equals("Mesh") && "ca-2".equals(enabledOf(w)));
            long retired = writes.firstRevision(w -> w.kind().equals("Mesh") && w.revision() > switched && !backendsOf(w).contains("ca-1"));
            assertThat(added).isLessThan(switched);
            assertThat(switched).as("the switch only once the stuck data plane took the new configuration").isGreaterThan(beforeUnstuck);
            assertThat(retired).as("ca-1 goes only once the last holder has a ca-2 certificate").isGreaterThan(beforeReconnect);
        }
    }

    /**
     * A control plane that stops reporting: the new backend is added, but nothing says the data planes support it, so
     * the switch waits; once the control plane is back the data planes reconnect, take the new configuration and the
     * rotation completes.
     */
    @Test
    void aStoppedControlPlaneHoldsTheSwitchUntilItReportsAgain() {
        String name = TestCluster.uniqueName("rotate-cp-down");
        MutableClock clock = new MutableClock(START);
        try (WriteLog writes = WriteLog.start(client, name, name); TestCluster.RunningOperator operator = startReadingInsightsEachPass(clock)) {
            readyOnCa1(name, 2);
            reports().stopControlPlane();
            long beforeRestart;
            try {
                apply(client, profile(name, "ca-2", "ca-1", "ca-2"));
                awaitReady(name, "WaitingForCaSupport", "2 of 2 online data planes do not support ca-2 yet");
                awaitFreshPasses(operator.runner(), name, 2);
                assertThat(liveBackends(name)).containsExactly("ca-1", "ca-2");
                assertThat(at(liveMesh(name), "spec.mtls.enabledBackend")).isEqualTo("ca-1");
                beforeRestart = writes.lastRevision(w -> true);
            } finally {
                reports().startControlPlane();
            }
            KumaProductionProfile done = awaitRotation(name, MtlsRotationStatus.DONE);
            assertThat(done.getStatus().mtlsRotation.message).contains("ca-1 stays in mesh " + name + " because the profile lists it");
            assertThat(writes.firstRevision(w -> w.kind().equals("Mesh") && "ca-2".equals(enabledOf(w))))
                    .as("switched only after the control plane reported again").isGreaterThan(beforeRestart);
        }
    }

    /**
     * The operator dies right after the write that adds ca-2 (1) or right after the switch (2), before it could write
     * its status. A new operator resumes from what it observes: it records the rotation before it switches, and
     * ca-1 still leaves only once Kuma reports no data plane holding its certificate: here one that was offline
     * through the rotation, until it reconnects.
     */
    @ParameterizedTest(name = "crash after write {0}")
    @ValueSource(ints = {1, 2})
    void resumesAfterACrashInTheMiddleOfTheRotation(int crashAfterWrite) throws InterruptedException {
        String name = TestCluster.uniqueName("rotate-crash-" + crashAfterWrite);
        MutableClock clock = new MutableClock(START);
        try (EventLog log = log(name)) {
            DataplaneRef offline;
            try (TestCluster.RunningOperator first = PhasedRolloutSupport.start(cluster, clock)) {
                apply(client, profile(name, "ca-1", "ca-1"));
                awaitPhase(client, name, Phase.Ready);
                offline = dataplanes(name, 1).get(0);
                reports().disconnect(offline);
                awaitMeshInsight(name, "dataplanes.offline", 1);
            }
            CountDownLatch crashed = new CountDownLatch(1);
            TestCluster.RunningOperator dying = PhasedRolloutSupport.startCrashingAfter(cluster, clock, crashAfterWrite,
                    PhasedRolloutSupport.write("/meshes/" + name, "ca-2"), crashed);
            try {
                apply(client, profile(name, "ca-2", "ca-1", "ca-2"));
                assertThat(crashed.await(60, TimeUnit.SECONDS)).as("the operator reached the write it dies after").isTrue();
                if (crashAfterWrite == 1) {
                    awaitTrue(Duration.ofSeconds(10), () -> liveBackends(name).contains("ca-2"));
                    assertThat(at(liveMesh(name), "spec.mtls.enabledBackend")).isEqualTo("ca-1");
                    assertThat(rotation(name)).as("the status never heard of the rotation").isNull();
                } else {
                    awaitTrue(Duration.ofSeconds(10), () -> "ca-2".equals(at(liveMesh(name), "spec.mtls.enabledBackend")));
                    assertThat(rotation(name).phase).as("the status still says the previous phase").isEqualTo(MtlsRotationStatus.ADDING_BACKEND);
                }
            } finally {
                dying.close();
            }
            try (TestCluster.RunningOperator second = PhasedRolloutSupport.start(cluster, clock)) {
                KumaProductionProfile draining = awaitRotation(name, MtlsRotationStatus.DRAINING);
                assertThat(draining.getStatus().mtlsRotation.retireAfter).isEqualTo("2026-01-01T01:00:00Z");
                apply(client, profile(name, "ca-2", "ca-2"));
                awaitProfile(client, name, Duration.ofSeconds(30), p -> p.getStatus().observedGeneration.equals(p.getMetadata().getGeneration()));
                awaitFreshPasses(second.runner(), name, 2);
                assertThat(liveBackends(name)).as("the offline data plane still holds a certificate from ca-1").contains("ca-1");
                reports().connect(offline);
                awaitTrue(Duration.ofSeconds(30), () -> liveBackends(name).equals(List.of("ca-2")));
                awaitRotation(name, MtlsRotationStatus.DONE);
            }
            long added = log.first(e -> e.is("Mesh", name) && e.meshBackends().contains("ca-2"));
            long switched = switchTo(log, name, "ca-2");
            long retired = log.first(e -> e.is("Mesh", name) && !e.meshBackends().contains("ca-1") && e.revision() > added);
            assertThat(added).isLessThan(switched);
            assertThat(switched).isLessThan(retired);
            assertThat(log.first(e -> e.kind().equals(KumaProductionProfile.KIND) && e.name().equals(name)
                    && e.at("status", "mtlsRotation", "toBackend") != null))
                    .as("a rotation record with its backends exists in status before the switch").isLessThan(switched);
            assertThat(log.ordered(e -> e.is("Mesh", name) && e.revision() >= added))
                    .allSatisfy(e -> assertThat(e.meshBackends()).contains(e.enabledBackend()));
        }
    }
}
