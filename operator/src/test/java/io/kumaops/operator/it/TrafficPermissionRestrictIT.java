package io.kumaops.operator.it;

import io.kumaops.operator.support.MutableClock;
import static io.kumaops.operator.it.ItSupport.apply;
import static io.kumaops.operator.it.ItSupport.awaitPhase;
import static io.kumaops.operator.it.ItSupport.awaitProfile;
import static io.kumaops.operator.it.ItSupport.condition;
import static io.kumaops.operator.it.ItSupport.isolate;
import static io.kumaops.operator.it.PhasedRolloutSupport.START;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.api.v1alpha1.Phase;
import io.kumaops.operator.it.PhasedRolloutSupport.EventLog;
import io.kumaops.operator.kube.KubeKinds;
import io.kumaops.operator.standin.InsightReporter;
import io.kumaops.operator.standin.InsightReporter.DataplaneRef;
import io.kumaops.operator.support.TestProfiles;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Restricted permissions on the real API server: the rules exist before the allow-all goes, going back to
 * AllowAll brings the allow-all back before any rule is removed, and a profile without an Allow rule never
 * removes the allow-all — also across a crash in the middle.
 */
class TrafficPermissionRestrictIT {

    private static TestCluster cluster;
    private static KubernetesClient client;

    private static final String MTLS = """
            mtls:
              enabled: true
              enabledBackend: ca-1
              backends: [{name: ca-1, type: Builtin}]
            """;

    private static final String RULES = """
            trafficPermissions:
              mode: %s
              rules:
                - {name: web-to-backend, destination: {kind: MeshService, name: backend}, sources: [{kind: MeshService, name: web}], action: Allow}
                - {name: monitoring, destination: {kind: Mesh}, sources: [{kind: MeshSubset, tags: {team: monitoring}}], action: Allow}
                - {name: no-legacy, destination: {kind: Mesh}, sources: [{kind: MeshService, name: legacy}], action: Deny}
            """;

    @BeforeAll
    static void cluster() {
        cluster = TestCluster.get();
        client = cluster.client();
    }

    private static KumaProductionProfile profile(String name, String mode) {
        return isolate(client, TestProfiles.fromSpec(name, MTLS + RULES.formatted(mode)), name);
    }

    private static EventLog log(String name) {
        return EventLog.start(client, e -> e.namespace() == null || e.namespace().equals(name + "-system"),
                EventLog.kuma("MeshTrafficPermission"));
    }

    private static boolean isRule(PhasedRolloutSupport.Event e, String name) {
        return e.kind().equals("MeshTrafficPermission") && e.name().startsWith(name + "-");
    }

    private static boolean isAllowAll(PhasedRolloutSupport.Event e, String name) {
        return e.is("MeshTrafficPermission", "allow-all-" + name);
    }

    private static List<String> permissions(String name) {
        return client.genericKubernetesResources(KubeKinds.kuma("MeshTrafficPermission")).inNamespace(name + "-system").list().getItems()
                .stream().map(p -> p.getMetadata().getName()).sorted().toList();
    }

    /**
     * Kuma in the loop: a running data plane that never takes a certificate from the enabled backend keeps the
     * allow-all, and the wait names it; once it takes one, the allow-all goes.
     */
    @Test
    void theAllowAllWaitsForTheDataPlaneWithoutACertificateAndTheWaitNamesIt() {
        String name = TestCluster.uniqueName("restrict-laggard");
        String app = name + "-app";
        ItSupport.createNamespace(client, app);
        InsightReporter reports = cluster.standIn().reports();
        DataplaneRef laggard = reports.dataplanes("api").namespace(app).mesh(name).create().get(0);
        reports.stuck(laggard, true);
        var options = PhasedRolloutSupport.options(new MutableClock(START));
        try (TestCluster.RunningOperator operator = cluster.startOperator(
                options.withSettings(options.settings().withInsightReadInterval(Duration.ZERO)))) {
            apply(client, profile(name, "Restricted"));
            KumaProductionProfile waiting = awaitProfile(client, name, Duration.ofSeconds(60), p -> condition(p, "Ready")
                    .filter(c -> "WaitingForKuma".equals(c.getReason()) && c.getMessage().contains("do not hold a certificate from ca-1"))
                    .isPresent());
            assertThat(condition(waiting, "Ready").orElseThrow().getMessage())
                    .contains("1 of 1 online data planes do not hold a certificate from ca-1 yet: " + app + "/" + laggard.name());
            assertThat(permissions(name)).as("the allow-all stays while it waits").contains("allow-all-" + name);

            reports.stuck(laggard, false);
            awaitPhase(client, name, Phase.Ready);
            assertThat(permissions(name)).doesNotContain("allow-all-" + name);
        }
    }

    @Test
    void rulesComeBeforeTheAllowAllGoesAndTheAllowAllComesBackBeforeAnyRuleGoes() {
        String name = TestCluster.uniqueName("restrict");
        try (EventLog log = log(name); TestCluster.RunningOperator operator = PhasedRolloutSupport.start(cluster, new MutableClock(START))) {
            apply(client, profile(name, "Restricted"));
            KumaProductionProfile restricted = awaitPhase(client, name, Phase.Ready);
            assertThat(condition(restricted, "TrafficPermitted").orElseThrow().getReason()).isEqualTo("Restricted");
            assertThat(permissions(name)).containsExactly(name + "-monitoring", name + "-no-legacy", name + "-web-to-backend");
            long lastRuleAdded = log.last(e -> isRule(e, name) && e.type().equals("ADDED"));
            long allowAllDeleted = log.first(e -> isAllowAll(e, name) && e.type().equals("DELETED"));
            assertThat(log.first(e -> isAllowAll(e, name) && e.type().equals("ADDED"))).isLessThan(lastRuleAdded);
            assertThat(lastRuleAdded).as("every rule exists before the allow-all is removed").isLessThan(allowAllDeleted);

            apply(client, profile(name, "AllowAll"));
            KumaProductionProfile open = awaitProfile(client, name, Duration.ofSeconds(60), p -> p.getStatus().phase == Phase.Ready
                    && p.getStatus().observedGeneration.equals(p.getMetadata().getGeneration())
                    && condition(p, "TrafficPermitted").map(c -> c.getReason().equals("AllowAll")).orElse(false));
            PhasedRolloutSupport.awaitTrue(Duration.ofSeconds(10), () -> permissions(name).equals(List.of("allow-all-" + name)));
            long allowAllBack = log.first(e -> isAllowAll(e, name) && e.type().equals("ADDED") && e.revision() > allowAllDeleted);
            long firstRuleDeleted = log.first(e -> isRule(e, name) && e.type().equals("DELETED"));
            assertThat(allowAllBack).as("the allow-all is back before any rule is removed").isLessThan(firstRuleDeleted);
            assertThat(open.getStatus().currentStep).isNull();
        }
    }

    /**
     * A rule naming a Service no data plane is behind keeps the allow-all: the rules go in, the step waits
     * (WaitingForSelectedDataplanes, with a finding naming the rule), and once Kuma's injector would have made the
     * Dataplane (here: created by the test) the allow-all goes.
     */
    @Test
    void theAllowAllStaysUntilEveryAllowRuleSelectsAnObservedDataplane() {
        String name = TestCluster.uniqueName("restrict-select");
        try (EventLog log = log(name); TestCluster.RunningOperator operator = PhasedRolloutSupport.start(cluster, new MutableClock(START))) {
            KumaProductionProfile profile = isolate(client, TestProfiles.fromSpec(name, MTLS + """
                    trafficPermissions:
                      mode: Restricted
                      rules:
                        - {name: web-to-backend, destination: {kind: Service, name: backend, namespace: shop, port: 8080}, sources: [{kind: Mesh}]}
                    """), name);
            ItSupport.dataplane(client, name + "-system", name, "web", "web_shop_svc_8080");
            ItSupport.applyAsIs(client, profile);
            KumaProductionProfile waiting = awaitProfile(client, name, Duration.ofSeconds(60),
                    p -> p.getStatus() != null && "6-restrict".equals(p.getStatus().currentStep)
                            && condition(p, "Ready").map(c -> c.getReason().equals("WaitingForSelectedDataplanes")).orElse(false));
            assertThat(waiting.getStatus().findings).filteredOn(f -> f.code.equals("PermissionRuleSelectsNothing")).singleElement()
                    .satisfies(f -> assertThat(f.message).contains("web-to-backend").contains("backend_shop_svc_8080"));
            assertThat(permissions(name)).containsExactly("allow-all-" + name, name + "-web-to-backend");

            ItSupport.dataplane(client, name + "-system", name, "backend", "backend_shop_svc_8080");
            awaitPhase(client, name, Phase.Ready);
            assertThat(permissions(name)).containsExactly(name + "-web-to-backend");
            assertThat(log.first(e -> isRule(e, name) && e.type().equals("ADDED")))
                    .isLessThan(log.first(e -> isAllowAll(e, name) && e.type().equals("DELETED")));
        }
    }

    @Test
    void aRestrictedProfileWithoutAnAllowRuleNeverRemovesTheAllowAll() {
        String name = TestCluster.uniqueName("restrict-deny");
        try (EventLog log = log(name); TestCluster.RunningOperator operator = PhasedRolloutSupport.start(cluster, new MutableClock(START))) {
            KumaProductionProfile profile = isolate(client, TestProfiles.fromSpec(name, MTLS + """
                    trafficPermissions:
                      mode: Restricted
                      rules:
                        - {name: no-legacy, destination: {kind: Mesh}, sources: [{kind: MeshService, name: legacy}], action: Deny}
                    """), name);
            apply(client, profile);
            KumaProductionProfile blocked = awaitPhase(client, name, Phase.Blocked);
            assertThat(blocked.getStatus().currentStep).isEqualTo("6-restrict");
            assertThat(condition(blocked, "Ready").orElseThrow().getMessage()).contains("6-restrict", "MtlsWithoutTrafficPermission");
            assertThat(blocked.getStatus().completedSteps).contains("3-mtls", "4-defaults", "5-multi-zone");
            ItSupport.awaitFreshPasses(operator.runner(), name, 3);
            assertThat(permissions(name)).containsExactly("allow-all-" + name);
            assertThat(log.ordered(e -> isAllowAll(e, name) && e.type().equals("DELETED"))).isEmpty();
        }
    }

    /**
     * The operator dies right after writing the first rule (its pass never reaches the allow-all), then again right
     * after re-creating the allow-all on the way back to AllowAll (before the rules are pruned).
     */
    @Test
    void resumesAfterCrashesInTheMiddleOfRestrictingAndOpeningUp() throws InterruptedException {
        String name = TestCluster.uniqueName("restrict-crash");
        MutableClock clock = new MutableClock(START);
        try (EventLog log = log(name)) {
            CountDownLatch firstCrash = new CountDownLatch(1);
            TestCluster.RunningOperator dying = PhasedRolloutSupport.startCrashingAfter(cluster, clock, 1,
                    PhasedRolloutSupport.write("/meshtrafficpermissions/" + name + "-web-to-backend"), firstCrash);
            try {
                apply(client, profile(name, "Restricted"));
                assertThat(firstCrash.await(60, TimeUnit.SECONDS)).isTrue();
                PhasedRolloutSupport.awaitTrue(Duration.ofSeconds(10), () -> permissions(name).contains(name + "-web-to-backend"));
                ItSupport.awaitFreshPasses(dying.runner(), name, 1);
                assertThat(permissions(name)).contains("allow-all-" + name).doesNotContain(name + "-monitoring");
            } finally {
                dying.close();
            }
            try (TestCluster.RunningOperator second = PhasedRolloutSupport.start(cluster, clock)) {
                awaitPhase(client, name, Phase.Ready);
            }
            long lastRuleAdded = log.last(e -> isRule(e, name) && e.type().equals("ADDED"));
            long allowAllDeleted = log.first(e -> isAllowAll(e, name) && e.type().equals("DELETED"));
            assertThat(lastRuleAdded).isLessThan(allowAllDeleted);

            CountDownLatch secondCrash = new CountDownLatch(1);
            dying = PhasedRolloutSupport.startCrashingAfter(cluster, clock, 1,
                    PhasedRolloutSupport.write("/meshtrafficpermissions/allow-all-" + name), secondCrash);
            try {
                apply(client, profile(name, "AllowAll"));
                assertThat(secondCrash.await(60, TimeUnit.SECONDS)).isTrue();
                PhasedRolloutSupport.awaitTrue(Duration.ofSeconds(10), () -> permissions(name).contains("allow-all-" + name));
                ItSupport.awaitFreshPasses(dying.runner(), name, 1);
                assertThat(permissions(name)).as("no rule pruned by the dead operator").contains(name + "-web-to-backend", name + "-monitoring");
            } finally {
                dying.close();
            }
            try (TestCluster.RunningOperator third = PhasedRolloutSupport.start(cluster, clock)) {
                PhasedRolloutSupport.awaitTrue(Duration.ofSeconds(60), () -> permissions(name).equals(List.of("allow-all-" + name)));
            }
            long allowAllBack = log.first(e -> isAllowAll(e, name) && e.type().equals("ADDED") && e.revision() > allowAllDeleted);
            long firstRuleDeleted = log.first(e -> isRule(e, name) && e.type().equals("DELETED"));
            assertThat(allowAllBack).isLessThan(firstRuleDeleted);
        }
    }
}
