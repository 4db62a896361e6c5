package io.kumaops.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kumaops.operator.api.v1alpha1.ControlPlaneEnvironment;
import io.kumaops.operator.api.v1alpha1.ControlPlaneRole;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.api.v1alpha1.Phase;
import io.kumaops.operator.model.Labels;
import io.kumaops.operator.model.Step;
import io.kumaops.operator.runtime.OperatorRunner;
import io.kumaops.operator.support.TestProfiles;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example's rollout through {@link FaultProxy}: the operator talks to the real API server through a proxy that
 * answers a share of its requests with 409, 429 (Retry-After), 500, 503, a timeout or a cut watch. Each rollout must
 * still end where it ends without faults (Ready; Blocked for a Universal control plane), in the safe order (read from a
 * direct, fault-free watch), with its status whole, and with bounded retries: the requests about one profile, in all
 * and in its busiest second, stay under bounds (docs/reliability.md), and a 429 is retried after its Retry-After. By default a
 * sample; {@code -Dkumaops.faults.full=true} runs every example at 1 %, 5 % and 20 %; {@code -Dkumaops.faults.seed=N}
 * repeats a run's decisions.
 */
class FaultInjectionIT {

    private static final boolean FULL = Boolean.getBoolean("kumaops.faults.full");
    private static final long SEED = Long.getLong("kumaops.faults.seed", System.currentTimeMillis());
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration HOLD = CLIENT_TIMEOUT.plusMillis(300);
    private static final int RETRY_AFTER_SECONDS = 1;
    /** Passes over a settled profile watched before the figures close: with this resync, about two seconds. */
    private static final Duration RESYNC = Duration.ofSeconds(1);
    private static final int IDLE_PASSES = 2;
    private static final Duration IDLE_WINDOW = RESYNC.multipliedBy(IDLE_PASSES);
    private static final Duration SETTLE = Duration.ofSeconds(Long.getLong("kumaops.faults.settleSeconds", 120));
    /**
     * Requests about one profile (its objects, namespace, Mesh, status, label selectors) in any one second, and in all
     * until it settles and two resyncs after. With faults a rollout peaks at about 50 a second (the tier's 200 ms
     * waiting requeue).
     */
    private static final int BUSIEST_SECOND_BOUND = Integer.getInteger("kumaops.faults.perSecondBound", 150);
    private static final int PER_PROFILE_BOUND = Integer.getInteger("kumaops.faults.perProfileBound", 3000);

    static Stream<Arguments> cells() {
        if (!FULL) {
            return Stream.of(Arguments.of(0.05, List.of("production.yaml")), Arguments.of(0.20, List.of("minimal.yaml")));
        }
        List<String> all = TestProfiles.examples().stream().map(p -> p.getFileName().toString()).toList();
        return Stream.of(0.01, 0.05, 0.20).map(rate -> Arguments.of(rate, all));
    }

    @ParameterizedTest(name = "{0} faults: {1}")
    @MethodSource("cells")
    void everyRolloutSettlesInTheSafeOrderWithBoundedRetries(double rate, List<String> examples) {
        TestCluster cluster = TestCluster.get();
        KubernetesClient admin = cluster.client();
        long seed = SEED + Math.round(rate * 100);
        System.out.printf(Locale.ROOT, "FaultInjectionIT: %.0f %% faults on %s, seed %d (repeat with -Dkumaops.faults.seed=%d)%n",
                rate * 100, examples, seed, SEED);
        // Profiles earlier test classes left in the shared API server would be rolled out through the faults too, and
        // their passes would drown this test's (tens of thousands of requests instead of hundreds).
        ItSupport.removeProfilesOfEarlierTests(admin);
        Map<String, KumaProductionProfile> profiles = new LinkedHashMap<>();
        for (String example : examples) {
            String name = TestCluster.uniqueName("faults-" + example.replace(".yaml", ""));
            KumaProductionProfile profile = ItSupport.isolate(admin, TestProfiles.example(example), name);
            profile.getSpec().controlPlane.deploymentName = "kuma-control-plane";
            profiles.put(name, profile);
        }
        Map<String, WriteLog> logs = new LinkedHashMap<>();
        Map<String, Long> settledMillis = new LinkedHashMap<>();
        FaultProxy proxy = FaultProxy.start(cluster.kubeconfigYaml(), new FaultProxy.Settings(rate, seed, RETRY_AFTER_SECONDS, HOLD));
        KubernetesClient operatorClient = proxy.newClient(cluster.kubeconfigYaml(), CLIENT_TIMEOUT);
        OperatorRunner runner = OperatorRunner.start(operatorClient, options());
        try {
            for (KumaProductionProfile profile : profiles.values()) {
                String name = profile.getMetadata().getName();
                proxy.attribute(name);
                logs.put(name, WriteLog.start(admin, name, profile.meshName()));
                ItSupport.seedControlPlane(admin, profile.getSpec().controlPlane.systemNamespace, profile.getSpec().controlPlane.replicas);
                if (profile.getSpec().controlPlane.role == ControlPlaneRole.Zone) {
                    ItSupport.syncedZoneMesh(admin, name);
                }
                // The multi-zone steps wait for Kuma's ZoneInsights: the stand-in shows the zones connected.
                ItSupport.connectZones(profile);
            }
            long started = System.nanoTime();
            profiles.values().forEach(profile -> ItSupport.apply(admin, profile));
            for (KumaProductionProfile profile : profiles.values()) {
                String name = profile.getMetadata().getName();
                Phase expected = expectedPhase(profile);
                KumaProductionProfile settled = ItSupport.awaitProfile(admin, name, SETTLE, p -> p.getStatus().phase == expected
                        && p.getStatus().observedGeneration != null && p.getStatus().observedGeneration.equals(p.getMetadata().getGeneration()));
                settledMillis.put(name, (System.nanoTime() - started) / 1_000_000);
                // A settled profile is passed over again at each resync: a pass loop without pause shows here too.
                long settledAt = System.nanoTime();
                ItSupport.awaitFreshPasses(runner, name, IDLE_PASSES);
                sleepRest(IDLE_WINDOW, settledAt);
                if (expected == Phase.Ready) {
                    assertThat(settled.getStatus().completedSteps).as("%s: every step recorded", name)
                            .containsExactly(Arrays.stream(Step.values()).map(Step::id).toArray(String[]::new));
                    assertThat(settled.getStatus().managedResources).as("%s: the managed objects recorded", name).isNotEmpty();
                }
            }
        } finally {
            // A quiet end: the operator stops without faults, and the figures stop counting.
            proxy.injecting(false);
            runner.close();
            operatorClient.close();
            proxy.close();
            logs.values().forEach(WriteLog::close);
        }

        List<String> violations = new ArrayList<>();
        profiles.forEach((name, profile) -> violations.addAll(orderViolations(profile, logs.get(name))));
        System.out.printf(Locale.ROOT, "FaultInjectionIT: %.0f %% faults: %d requests, %d faults injected %s, %d retries of a faulted"
                        + " request, shortest wait before retrying an update answered 429: %s, order violations: %d%n", rate * 100, proxy.requests(),
                proxy.faultsInjected(), proxy.faults(), proxy.retries(),
                proxy.shortestWaitAfter429().isPresent() ? proxy.shortestWaitAfter429().getAsLong() + " ms" : "-", violations.size());
        profiles.keySet().forEach(name -> System.out.printf(Locale.ROOT, "FaultInjectionIT:   %s settled in %d ms, %d requests,"
                + " busiest second %d%n", name, settledMillis.get(name), proxy.requestsFor(name), proxy.busiestSecondFor(name)));

        assertThat(violations).as("writes out of the safe order (seed %d)", seed).isEmpty();
        proxy.shortestWaitAfter429().ifPresent(wait -> assertThat(wait).as("an update answered 429 is retried after its Retry-After (seed %d)", seed)
                .isGreaterThanOrEqualTo(RETRY_AFTER_SECONDS * 1000L - 50));
        for (String name : profiles.keySet()) {
            assertThat(proxy.busiestSecondFor(name)).as("%s: requests in its busiest second (seed %d)", name, seed)
                    .isLessThanOrEqualTo(BUSIEST_SECOND_BOUND);
            assertThat(proxy.requestsFor(name)).as("%s: requests until settled (seed %d)", name, seed).isLessThanOrEqualTo(PER_PROFILE_BOUND);
        }
    }

    /** A rate is measured over time: the window is kept whole even when the passes come faster than the resync. */
    private static void sleepRest(Duration window, long sinceNanos) {
        long left = window.toMillis() - (System.nanoTime() - sinceNanos) / 1_000_000;
        if (left > 0) {
            try {
                Thread.sleep(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static OperatorRunner.Options options() {
        return TestCluster.testOptions(RESYNC);
    }

    /** Where the example ends without faults: Ready, or Blocked for a Universal control plane (nothing to apply). */
    private static Phase expectedPhase(KumaProductionProfile profile) {
        return profile.getSpec().controlPlane.environment == ControlPlaneEnvironment.Universal ? Phase.Blocked : Phase.Ready;
    }

    /**
     * The safe order, as RolloutIT and CrashResumeIT check it, for what the profile has: the allow-all exists before
     * the Mesh gets an enabled CA backend, mTLS is on before the default policies, the restricted rules come after
     * the defaults and all before the allow-all goes; and no step's first object (annotation kumaops.io/step) is created before an earlier step's.
     */
    static List<String> orderViolations(KumaProductionProfile profile, WriteLog log) {
        String name = profile.getMetadata().getName();
        List<String> violations = new ArrayList<>();
        long allowAllAdded = log.firstRevision(w -> w.kind().equals("MeshTrafficPermission") && w.name().equals("allow-all-" + name)
                && w.type().equals("ADDED"));
        long mtls = log.firstRevision(WriteLog.Write::meshWithEnabledBackend);
        long firstDefault = log.firstRevision(w -> ours(w, name) && List.of("MeshTimeout", "MeshRetry", "MeshCircuitBreaker", "ContainerPatch")
                .contains(w.kind()));
        long firstRule = log.firstRevision(w -> ours(w, name) && isRule(w, name));
        long lastRule = log.lastRevision(w -> ours(w, name) && isRule(w, name) && w.type().equals("ADDED"));
        long allowAllDeleted = log.firstRevision(w -> w.name().equals("allow-all-" + name) && w.type().equals("DELETED"));
        if (profile.getSpec().controlPlane.role != ControlPlaneRole.Zone) {
            // A zone's Mesh comes from the global control plane with mTLS on before the zone's profile is applied.
            check(violations, name, "allow-all before the Mesh's enabled backend", allowAllAdded, mtls);
        }
        check(violations, name, "mTLS before the default policies", mtls, firstDefault);
        check(violations, name, "the default policies before the restricted rules", firstDefault, firstRule);
        check(violations, name, "every rule before the allow-all is deleted", lastRule, allowAllDeleted);
        long previous = -1;
        Step previousStep = null;
        for (Step step : Step.values()) {
            long first = log.firstRevision(w -> ours(w, name) && w.type().equals("ADDED") && step.id().equals(meta(w, "annotations", Labels.STEP)));
            if (first == Long.MAX_VALUE) {
                continue;
            }
            if (first < previous) {
                violations.add(name + ": step " + step.id() + " created an object (revision " + first + ") before step "
                        + previousStep.id() + " did (revision " + previous + ")");
            }
            previous = first;
            previousStep = step;
        }
        return violations;
    }

    /** Both happened, and in this order; what the profile does not have (no rules, no allow-all deletion) is not checked. */
    private static void check(List<String> violations, String name, String rule, long before, long after) {
        boolean bothHappened = before >= 0 && before < Long.MAX_VALUE && after >= 0 && after < Long.MAX_VALUE;
        if (bothHappened && before >= after) {
            violations.add(name + ": " + rule + " (revisions " + before + " and " + after + ")");
        }
    }

    private static boolean ours(WriteLog.Write write, String profile) {
        return profile.equals(meta(write, "labels", Labels.PROFILE));
    }

    private static boolean isRule(WriteLog.Write write, String profile) {
        return write.kind().equals("MeshTrafficPermission") && !write.name().equals("allow-all-" + profile);
    }

    @SuppressWarnings("unchecked")
    private static String meta(WriteLog.Write write, String labelsOrAnnotations, String key) {
        Object metadata = write.object().get("metadata");
        if (metadata instanceof Map<?, ?> meta && meta.get(labelsOrAnnotations) instanceof Map<?, ?> entries) {
            Object value = ((Map<String, Object>) entries).get(key);
            return value == null ? null : value.toString();
        }
        return null;
    }
}
