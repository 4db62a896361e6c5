package io.kumaops.operator.it;

import static io.kumaops.operator.it.ItSupport.apply;
import static io.kumaops.operator.it.ItSupport.awaitPhase;
import static io.kumaops.operator.it.ItSupport.awaitProfile;
import static io.kumaops.operator.it.ItSupport.condition;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.api.v1alpha1.Phase;
import io.kumaops.operator.kube.KubeKinds;
import io.kumaops.operator.observe.ClusterFixtures;
import io.kumaops.operator.standin.InsightReporter;
import io.kumaops.operator.support.TestProfiles;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Kuma in the loop, the rollout's gates and brakes: a silent Kuma control plane blocks a step after
 * spec.rollout.gateTimeout (KumaNotReporting) until it reports again; spec.rollout.paused stops before the next write;
 * with controlPlane.manage the mesh waits until the patched control-plane Deployment has rolled out.
 */
class RolloutGatesIT {

    private static final String MTLS = io.kumaops.operator.support.TestProfiles.MTLS_SPEC;

    private static TestCluster cluster;
    private static KubernetesClient client;
    private static TestCluster.RunningOperator operator;

    @BeforeAll
    static void start() {
        cluster = TestCluster.get();
        client = cluster.client();
        operator = cluster.startOperator(TestCluster.testOptions());
    }

    @AfterAll
    static void stop() {
        operator.close();
    }

    @Test
    void aSilentControlPlaneBlocksTheStepAfterTheTimeoutAndReportsResumeIt() {
        String name = TestCluster.uniqueName("silent");
        KumaProductionProfile profile = TestProfiles.fromSpec(name, MTLS + "rollout: {gateTimeout: 3s}\n");
        InsightReporter reports = cluster.standIn().reports();
        reports.stop();
        Instant applied = Instant.now();
        try {
            apply(client, profile);
            KumaProductionProfile waiting = awaitProfile(client, name, Duration.ofSeconds(30),
                    p -> p.getStatus().gateWait != null);
            assertThat(waiting.getStatus().gateWait.step).isEqualTo("2-traffic-permission");
            assertThat(condition(waiting, "Ready").orElseThrow().getReason()).isEqualTo("WaitingForKuma");

            KumaProductionProfile blocked = awaitPhase(client, name, Phase.Blocked);
            Finding notReporting = blocked.getStatus().findings.stream().filter(f -> f.code.equals("KumaNotReporting")).findFirst()
                    .orElseThrow();
            assertThat(notReporting.message).contains("step 2-traffic-permission has waited for Kuma's control plane since")
                    .contains("no MeshInsight " + name + " yet");
            assertThat(Duration.between(applied, Instant.now())).as("not before the timeout").isGreaterThanOrEqualTo(Duration.ofSeconds(3));
            assertThat(condition(blocked, "Ready").orElseThrow().getReason()).isEqualTo("BlockedByFinding");
            assertThat(blocked.getStatus().completedSteps).as("nothing after 1-mesh was written").containsExactly("0-control-plane", "1-mesh");
        } finally {
            reports.start();
        }
        KumaProductionProfile ready = awaitPhase(client, name, Phase.Ready);
        assertThat(ready.getStatus().gateWait).isNull();
        assertThat(ready.getStatus().findings).extracting(f -> f.code).doesNotContain("KumaNotReporting");
    }

    /**
     * Kuma counts from its store while each proxy's configuration is rebuilt on a timer (model.KumaConfigPropagation):
     * a control plane whose env says a 2 s refresh without a store cache gets mTLS 2 s after Kuma counted the
     * permission, and the allow-all deleted 2 s after it counted the rules, never sooner.
     */
    @Test
    void mtlsAndTheAllowAllsRemovalWaitOneConfigurationRefreshAfterKumasCount() throws Exception {
        String name = TestCluster.uniqueName("refresh");
        String system = name + "-system";
        ClusterFixtures.namespace(client, system);
        java.util.Map<String, String> env = new java.util.HashMap<>(ClusterFixtures.helmDefaultEnv(system));
        env.put(io.kumaops.operator.model.KumaConfigPropagation.REFRESH_INTERVAL_ENV, "2s");
        env.put(io.kumaops.operator.model.KumaConfigPropagation.CACHE_ENABLED_ENV, "false");
        ClusterFixtures.createAsHelm(client, ClusterFixtures.helmControlPlane(system, "kuma-control-plane", 1, env, "500m", "256Mi"));
        KumaProductionProfile profile = TestProfiles.fromSpec(name, MTLS + """
                controlPlane: {systemNamespace: %s}
                trafficPermissions:
                  mode: Restricted
                  rules:
                    - name: web-to-backend
                      destination: {kind: Service, name: backend, namespace: %s, port: 8080}
                      sources: [{kind: Mesh}]
                      action: Allow
                """.formatted(system, system));
        java.util.List<InsightReporter.MeshInsightPublished> published = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.List<String> reasons = new java.util.concurrent.CopyOnWriteArrayList<>();
        InsightReporter reports = cluster.standIn().reports();
        try (AutoCloseable listening = reports.onMeshInsightPublished(p -> {
                 if (p.mesh().equals(name)) {
                     published.add(p);
                 }
             });
             WriteLog writes = WriteLog.start(client, name, name);
             io.fabric8.kubernetes.client.Watch status = client.resources(KumaProductionProfile.class).withName(name).watch(
                     new io.fabric8.kubernetes.client.Watcher<>() {
                         @Override
                         public void eventReceived(Action action, KumaProductionProfile seen) {
                             condition(seen, "Ready").ifPresent(c -> reasons.add(c.getReason() + ": " + c.getMessage()));
                         }

                         @Override
                         public void onClose(io.fabric8.kubernetes.client.WatcherException cause) {
                         }
                     })) {
            apply(client, profile);
            reports.dataplanes("backend").namespace(system).mesh(name).port(80, 8080).count(1).create();
            awaitPhase(client, name, Phase.Ready);

            assertThat(reasons).as("the waits said on what, with the control plane's figure")
                    .anySatisfy(r -> assertThat(r).startsWith("WaitingForXdsRefresh: ").contains("MeshTrafficPermissions since")
                            .contains("waiting 2s (xDS refresh 2s, store cache off)").endsWith("before mTLS changes"))
                    .anySatisfy(r -> assertThat(r).startsWith("WaitingForXdsRefresh: ").contains("the restricted rules since")
                            .endsWith("before the allow-all goes"));
            String allowAll = "allow-all-" + name;
            WriteLog.Write permission = writes.ordered().stream().filter(w -> w.name().equals(allowAll) && w.type().equals("ADDED"))
                    .findFirst().orElseThrow();
            WriteLog.Write mtls = writes.ordered().stream().filter(WriteLog.Write::meshWithEnabledBackend).findFirst().orElseThrow();
            WriteLog.Write rule = writes.ordered().stream().filter(w -> w.kind().equals("MeshTrafficPermission") && !w.name().equals(allowAll)
                    && w.type().equals("ADDED")).findFirst().orElseThrow();
            WriteLog.Write removed = writes.ordered().stream().filter(w -> w.name().equals(allowAll) && w.type().equals("DELETED"))
                    .findFirst().orElseThrow();
            InsightReporter.MeshInsightPublished permissionCounted = firstCounting(published, permission.revision(), 1);
            InsightReporter.MeshInsightPublished rulesCounted = firstCounting(published, rule.revision(), 2);
            assertThat(mtls.revision()).isGreaterThan(permissionCounted.resourceVersion());
            assertThat(Duration.ofNanos(mtls.receivedNanos() - permissionCounted.storedAtNanos()))
                    .as("mTLS one refresh after Kuma counted the permission").isGreaterThanOrEqualTo(Duration.ofSeconds(2));
            assertThat(removed.revision()).isGreaterThan(rulesCounted.resourceVersion());
            assertThat(Duration.ofNanos(removed.receivedNanos() - rulesCounted.storedAtNanos()))
                    .as("the allow-all goes one refresh after Kuma counted the rules").isGreaterThanOrEqualTo(Duration.ofSeconds(2));
            var after = ItSupport.get(client, name).getStatus();
            assertThat(after.gateWait).as("nothing waits once Ready: %s %s %s / %s", after.gateWait == null ? "" : after.gateWait.step, after.phase, reasons.get(reasons.size() - 1), reasons).isNull();
        }
    }

    /** The first MeshInsight stored after {@code revision} that counts at least {@code permissions} MeshTrafficPermissions. */
    private static InsightReporter.MeshInsightPublished firstCounting(java.util.List<InsightReporter.MeshInsightPublished> published,
                                                                     long revision, long permissions) {
        return published.stream().filter(p -> p.resourceVersion() > revision)
                .filter(p -> io.kumaops.operator.model.KumaReports.fromMeshInsight(p.spec()).counted("MeshTrafficPermission") >= permissions)
                .min(java.util.Comparator.comparingLong(InsightReporter.MeshInsightPublished::resourceVersion)).orElseThrow();
    }

    @Test
    void aPausedProfileWritesNothingAndContinuesWhenUnpaused() {
        String name = TestCluster.uniqueName("paused");
        KumaProductionProfile profile = TestProfiles.fromSpec(name, MTLS + "rollout: {paused: true}\n");
        apply(client, profile);
        KumaProductionProfile paused = awaitPhase(client, name, Phase.Blocked);
        assertThat(condition(paused, "Ready").orElseThrow().getReason()).isEqualTo("Paused");
        assertThat(condition(paused, "Ready").orElseThrow().getMessage()).contains("spec.rollout.paused is true")
                .contains(" would write ");
        assertThat(client.genericKubernetesResources(KubeKinds.kuma("Mesh")).withName(name).get()).as("no Mesh written").isNull();

        KumaProductionProfile stored = ItSupport.get(client, name);
        stored.getSpec().rollout.paused = false;
        stored.getMetadata().setManagedFields(null);
        stored.getMetadata().setResourceVersion(null);
        stored.setStatus(null);
        apply(client, stored);
        KumaProductionProfile ready = awaitPhase(client, name, Phase.Ready);
        assertThat(ready.getStatus().completedSteps).contains("1-mesh", "3-mtls");
    }

    @Test
    void theMeshWaitsUntilThePatchedControlPlaneHasRolledOut() {
        String name = TestCluster.uniqueName("cp-rollout");
        String system = name + "-system";
        ClusterFixtures.namespace(client, system);
        Deployment installed = ClusterFixtures.helmControlPlane(system, "kuma-control-plane", 1, ClusterFixtures.helmDefaultEnv(system),
                "500m", "256Mi");
        // Without app=kuma-control-plane the stand-in does not play this Deployment's controller: the test writes the
        // status a rollout produces, at the moment it chooses.
        installed.getMetadata().getLabels().put("app", "kuma-cp-rolled-by-this-test");
        ClusterFixtures.createAsHelm(client, installed);

        ClusterFixtures.applyProfile(client, TestProfiles.fromSpec(name, """
                mesh: {name: %s}
                controlPlane: {systemNamespace: %s, manage: true, forceOwnership: true, replicas: 3}
                """.formatted(name, system)));
        KumaProductionProfile waiting = awaitProfile(client, name, Duration.ofSeconds(60), p -> condition(p, "Ready")
                .map(c -> "WaitingForControlPlaneRollout".equals(c.getReason())).orElse(false));
        assertThat(condition(waiting, "Ready").orElseThrow().getMessage()).contains("kuma-control-plane");
        Deployment patched = client.apps().deployments().inNamespace(system).withName("kuma-control-plane").get();
        assertThat(patched.getSpec().getReplicas()).isEqualTo(3);
        assertThat(client.genericKubernetesResources(KubeKinds.kuma("Mesh")).withName(name).get())
                .as("nothing of the mesh before the rollout").isNull();

        // The Deployment controller's word: the newest generation seen, three replicas updated and available.
        client.apps().deployments().inNamespace(system).withName("kuma-control-plane").editStatus(d -> {
            d.setStatus(new DeploymentStatusBuilder().withObservedGeneration(d.getMetadata().getGeneration()).withReplicas(3)
                    .withUpdatedReplicas(3).withReadyReplicas(3).withAvailableReplicas(3).build());
            return d;
        });
        KumaProductionProfile ready = awaitPhase(client, name, Phase.Ready);
        assertThat(ready.getStatus().completedSteps).contains("0-control-plane", "1-mesh");
        assertThat(client.genericKubernetesResources(KubeKinds.kuma("Mesh")).withName(name).get()).isNotNull();
    }

    @Test
    void aGatePassedByHandLetsOneStepThroughAndTheAnnotationGoes() {
        String name = TestCluster.uniqueName("pass-gate");
        KumaProductionProfile profile = TestProfiles.fromSpec(name, MTLS);
        InsightReporter reports = cluster.standIn().reports();
        reports.stop();
        try {
            apply(client, profile);
            awaitProfile(client, name, Duration.ofSeconds(30), p -> p.getStatus().gateWait != null
                    && "2-traffic-permission".equals(p.getStatus().gateWait.step));
            client.resources(KumaProductionProfile.class).withName(name).edit(p -> {
                p.getMetadata().getAnnotations().put("kumaops.io/pass-gate", "2-traffic-permission: insights are off in this test");
                return p;
            });
            KumaProductionProfile next = awaitProfile(client, name, Duration.ofSeconds(30), p -> p.getStatus().gateWait != null
                    && "3-mtls".equals(p.getStatus().gateWait.step));
            assertThat(next.getStatus().completedSteps).contains("2-traffic-permission");
            assertThat(next.getStatus().lastGatePass.step).isEqualTo("2-traffic-permission");
            assertThat(next.getStatus().lastGatePass.reason).isEqualTo("insights are off in this test");
            assertThat(next.getStatus().lastGatePass.waitedFor).contains("no MeshInsight " + name + " yet");
            KumaProductionProfile cleared = awaitProfile(client, name, Duration.ofSeconds(30), p -> p.getMetadata().getAnnotations() == null
                    || !p.getMetadata().getAnnotations().containsKey("kumaops.io/pass-gate"));
            assertThat(cleared.getStatus().gateWait.step).as("the next gate still holds").isEqualTo("3-mtls");
            // A pass's Events are sent concurrently at its end (reconcile.EventRecorder), a moment after its status.
            PhasedRolloutSupport.awaitTrue(Duration.ofSeconds(10), () -> client.v1().events().inNamespace("default").list().getItems().stream()
                    .anyMatch(e -> e.getInvolvedObject() != null && name.equals(e.getInvolvedObject().getName())
                            && "FindingGatePassedByHand".equals(e.getReason())));
        } finally {
            reports.start();
        }
        awaitPhase(client, name, Phase.Ready);
    }
}
