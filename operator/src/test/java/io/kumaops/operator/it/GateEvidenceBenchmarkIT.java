package io.kumaops.operator.it;

import static io.kumaops.operator.it.ItSupport.condition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.api.v1alpha1.Phase;
import io.kumaops.operator.kube.KubeKinds;
import io.kumaops.operator.model.KumaReports;
import io.kumaops.operator.reconcile.ProfileReconciler;
import io.kumaops.operator.runtime.OperatorRunner;
import io.kumaops.operator.standin.InsightReporter;
import io.kumaops.operator.standin.InsightReporter.MeshInsightPublished;
import io.kumaops.operator.support.ProjectPaths;
import io.kumaops.operator.support.TestProfiles;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The rollout's gates on Kuma's evidence, measured against the Kuma stand-in on the local API server, everything in
 * this JVM: the stand-in says when it stored each MeshInsight ({@link InsightReporter#onMeshInsightPublished}), a
 * watch says when the operator's writes landed ({@link WriteLog}), both on {@link System#nanoTime()}. Prints
 * BENCHMARK lines (figures, not timed assertions) with the machine's load average, also appended to
 * operator/target/benchmark-gates.txt. The operator runs with its production timings: a gate waiting for Kuma is looked
 * at again only after 30 s without news, so a gate that passes sooner passed on the MeshInsight's watch event.
 *
 * <p>By default a small sample (5 profiles one after the other, 100 data planes; under a minute on a quiet machine); {@code -Dkumaops.benchmarks=true}
 * (or KUMAOPS_BENCHMARKS=1) runs 100 profiles and the 10,000-data-plane case (minutes). Sizes:
 * {@code -Dkumaops.benchmark.gateProfiles=N}, {@code -Dkumaops.benchmark.gateWave=N} (profiles applied together),
 * {@code -Dkumaops.benchmark.gateDataplanes=N}; {@code -Dkumaops.benchmark.gateRecheckMs=N} looks at a gate waiting for
 * Kuma again after N ms without news (default the operator's 30 s; 1000 times it like every other wait);
 * {@code -Dkumaops.benchmark.gateKumaTimings=true} gives the profiles a stand-in with Kuma's own intervals
 * ({@link InsightReporter.Settings#kumaTimings()}) instead of the test tier's 200 ms.
 */
class GateEvidenceBenchmarkIT {

    private static final int PROFILES = Integer.getInteger("kumaops.benchmark.gateProfiles", DataplaneCountBenchmarkIT.enabled() ? 100 : 5);
    /** Profiles rolled out together; one at a time by default, so a gate's latency is the operator's, not a queue's. */
    private static final int WAVE = Integer.getInteger("kumaops.benchmark.gateWave", 1);

    private static final int LARGE_MESH = Integer.getInteger("kumaops.benchmark.gateDataplanes", 10_000);
    /** A gate waiting for Kuma with nothing new from Kuma is looked at again after this: the operator's default unless asked. */
    private static final Duration GATE_RECHECK = Duration.ofMillis(Long.getLong("kumaops.benchmark.gateRecheckMs",
            ProfileReconciler.Settings.defaults().gateRecheck().toMillis()));
    /** How long the cost benchmark watches a waiting gate whose report does not change. */
    private static final Duration QUIET = Duration.ofSeconds(10);
    /** Kuma's own intervals (1 s configuration refresh and MeshInsight resync) instead of the test tier's 200 ms. */
    private static final boolean KUMA_TIMINGS = Boolean.getBoolean("kumaops.benchmark.gateKumaTimings");
    private static final int SMALL_MESH = 100;
    /**
     * The operator's wait for Kuma's configuration refresh after a count (WaitingForXdsRefresh): the profiles point at
     * system namespaces without a control-plane Deployment, so the operator is given the stand-in's own timing, as the
     * test tier does. Part of Kuma's propagation: an operator that saw every report at once would wait it too.
     */
    private static final Duration REFRESH = TestCluster.propagationOf(KUMA_TIMINGS ? InsightReporter.Settings.kumaTimings()
            : io.kumaops.operator.standin.KumaStandIn.Config.defaults().reporting());
    private static final long TARGET_BYTES_PER_DATAPLANE = 2048;

    /**
     * The gates of a Restricted profile with mTLS and no default policies, in the order a rollout meets them (with none,
     * step 4-defaults writes nothing and the steps after it do not wait for Kuma to count defaults).
     */
    enum Gate {
        MESH_REPORTED("Kuma reports the mesh (1-mesh -> 2-traffic-permission)"),
        PERMISSION_COUNTED("Kuma counts the permission, then one configuration refresh (-> 3-mtls)"),
        RULES_AND_CERTIFICATES("Kuma counts the rules (then one configuration refresh) and every online proxy holds a certificate"
                + " (-> allow-all deleted)");

        final String meaning;

        Gate(String meaning) {
            this.meaning = meaning;
        }
    }

    /**
     * One gate of one profile: the operator's write before it, the moment Kuma's evidence let the step go on (the
     * MeshInsight, plus the configuration refresh after a count), the operator's write after it.
     */
    record GateTiming(Gate gate, long triggerNanos, long evidenceNanos, long nextWriteNanos) {
        long kumaMillis() {
            return (evidenceNanos - triggerNanos) / 1_000_000;
        }

        long operatorMillis() {
            return (nextWriteNanos - evidenceNanos) / 1_000_000;
        }
    }

    @Test
    void addedLatencyAtEachGateAndTimeToReady() throws Exception {
        TestCluster cluster = TestCluster.get();
        KubernetesClient client = cluster.client();
        ItSupport.removeProfilesOfEarlierTests(client);
        String warmup = TestCluster.uniqueName("gate-warmup");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < PROFILES; i++) {
            names.add(TestCluster.uniqueName("gate-bench"));
        }
        InsightReporter own = null;
        if (KUMA_TIMINGS) {
            // Kuma's own intervals on these meshes: a reporter of their own, the tier's stand-in leaves them alone.
            List<String> meshes = new ArrayList<>(names);
            meshes.add(warmup);
            meshes.forEach(cluster.standIn().reports()::handOver);
            own = InsightReporter.create(client, InsightReporter.Settings.kumaTimings().withMeshes(meshes.toArray(String[]::new)));
            own.start();
        }
        InsightReporter reports = own != null ? own : cluster.standIn().reports();
        List<MeshInsightPublished> published = new CopyOnWriteArrayList<>();
        Map<String, Long> readyAt = new ConcurrentHashMap<>();
        String load = loadAverage();
        try (AutoCloseable ownReporter = own != null ? own : () -> { };
             AutoCloseable listening = reports.onMeshInsightPublished(published::add);
             WriteLog writes = WriteLog.managedByOperator(client);
             Watch ready = watchReady(client, readyAt);
             TestCluster.RunningOperator operator = cluster.startOperator(productionTimings())) {
            // Warm-up: class loading and the JIT compiler compete with the operator for two cores in the first profiles.
            rollOut(client, reports, List.of(warmup), new ConcurrentHashMap<>(), readyAt);

            Map<String, Long> appliedAt = new ConcurrentHashMap<>();
            for (int from = 0; from < names.size(); from += WAVE) {
                rollOut(client, reports, names.subList(from, Math.min(names.size(), from + WAVE)), appliedAt, readyAt);
            }
            Thread.sleep(500); // kept: the watches' last events of the final wave arrive before they are read

            List<GateTiming> timings = new ArrayList<>();
            List<Double> readyOverKuma = new ArrayList<>();
            List<Long> readyMillis = new ArrayList<>();
            List<Long> kumaFloorMillis = new ArrayList<>();
            List<Long> beforeFirstWrite = new ArrayList<>();
            List<Long> operatorAtGates = new ArrayList<>();
            List<Long> lastWriteToReady = new ArrayList<>();
            int unmatched = 0;
            for (String name : names) {
                List<GateTiming> gates = gateTimings(name, writes.ordered(), published);
                if (gates.size() != Gate.values().length) {
                    if (unmatched++ == 0) {
                        System.out.println("gate benchmark: profile " + name + " passed " + gates.size() + " gates as expected; its writes: "
                                + writes.ordered().stream().filter(w -> name.equals(w.mesh()))
                                        .map(w -> w.revision() + " " + w.type() + " " + w.kind() + "/" + w.name()).toList()
                                + "; MeshInsights at revisions " + published.stream().filter(p -> p.mesh().equals(name))
                                        .map(MeshInsightPublished::resourceVersion).sorted().toList());
                    }
                    continue;
                }
                timings.addAll(gates);
                long toReady = (readyAt.get(name) - appliedAt.get(name)) / 1_000_000;
                long floor = gates.stream().mapToLong(GateTiming::kumaMillis).sum();
                readyMillis.add(toReady);
                kumaFloorMillis.add(floor);
                readyOverKuma.add(toReady / (double) Math.max(1, floor));
                beforeFirstWrite.add((gates.get(0).triggerNanos() - appliedAt.get(name)) / 1_000_000);
                operatorAtGates.add(gates.stream().mapToLong(GateTiming::operatorMillis).sum());
                lastWriteToReady.add((readyAt.get(name) - gates.get(gates.size() - 1).nextWriteNanos()) / 1_000_000);
            }
            InsightReporter.Settings delays = reports.settings();
            StringBuilder lines = new StringBuilder();
            List<Long> all = timings.stream().map(GateTiming::operatorMillis).toList();
            lines.append(String.format(Locale.ROOT, "BENCHMARK gates added_latency_ms p50=%d p95=%d max=%d (target p95 <= 500) over %d gate"
                            + " passes of %d profiles (waves of %d, %d unmatched); gate re-check without news %d ms"
                            + " | stand-in delay=%dms resync=%dms full_resync=%dms | load average before %s, after %s%n",
                    percentile(all, 50), percentile(all, 95), percentile(all, 100), all.size(), PROFILES, WAVE, unmatched,
                    GATE_RECHECK.toMillis(),
                    delays.delay().toMillis(), delays.resyncInterval().toMillis(), delays.fullResyncInterval().toMillis(), load, loadAverage()));
            for (Gate gate : Gate.values()) {
                List<Long> operatorPart = timings.stream().filter(t -> t.gate() == gate).map(GateTiming::operatorMillis).toList();
                List<Long> kumaPart = timings.stream().filter(t -> t.gate() == gate).map(GateTiming::kumaMillis).toList();
                lines.append(String.format(Locale.ROOT, "BENCHMARK gates   %-22s added_latency_ms p50=%d p95=%d | stand-in took p50=%d p95=%d: %s%n",
                        gate.name().toLowerCase(Locale.ROOT), percentile(operatorPart, 50), percentile(operatorPart, 95),
                        percentile(kumaPart, 50), percentile(kumaPart, 95), gate.meaning));
            }
            lines.append(String.format(Locale.ROOT, "BENCHMARK gates time_to_ready_ms p50=%d p95=%d; stand-in's own propagation (sum over the"
                            + " %d gates, with the 2 configuration refreshes of %d ms the operator waits after a count) p50=%d p95=%d;"
                            + " ready/propagation p50=%.2f p95=%.2f (target <= 1.2)%n",
                    percentile(readyMillis, 50), percentile(readyMillis, 95), Gate.values().length, REFRESH.toMillis(),
                    percentile(kumaFloorMillis, 50), percentile(kumaFloorMillis, 95), percentileDouble(readyOverKuma, 50),
                    percentileDouble(readyOverKuma, 95)));
            lines.append(String.format(Locale.ROOT, "BENCHMARK gates time_to_ready_ms p50 parts: apply->first write (the Mesh) %d,"
                            + " stand-in at the gates %d, operator at the gates %d, last write (allow-all deleted)->Ready seen %d%n",
                    percentile(beforeFirstWrite, 50), percentile(kumaFloorMillis, 50), percentile(operatorAtGates, 50),
                    percentile(lastWriteToReady, 50)));
            report(lines.toString());
            assertThat(unmatched).as("every profile passed its three gates in order").isZero();
            for (String name : names) {
                cleanUp(client, name);
            }
        }
    }

    @Test
    void readsPerPassWhileTheRestrictGateWaitsForOneProxy() throws Exception {
        readsPerWaitingPass(SMALL_MESH, 1, Duration.ofSeconds(12), false);
    }

    @Test
    void tenThousandDataplanesAtAnOpenGate() throws Exception {
        assumeTrue(DataplaneCountBenchmarkIT.enabled(), "benchmark is opt-in: -Dkumaops.benchmarks=true or KUMAOPS_BENCHMARKS=1");
        readsPerWaitingPass(LARGE_MESH, 10, Duration.ofSeconds(75), true);
    }

    /**
     * One Restricted profile whose restrict step waits for certificates: one of its proxies never takes one (stuck), so
     * the allow-all stays. Counts the operator's requests per pass while it waits; with {@code heap}, also the
     * operator's heap retained per data plane: with a few data planes and with all of them, each measured as the heap
     * the operator frees when it stops, so the stand-in's own share and the operator's fixed share cancel.
     */
    private void readsPerWaitingPass(int dataplanes, int namespaces, Duration window, boolean heap) throws Exception {
        TestCluster cluster = TestCluster.get();
        KubernetesClient client = cluster.client();
        ItSupport.removeProfilesOfEarlierTests(client);
        InsightReporter reports = cluster.standIn().reports();
        String name = TestCluster.uniqueName("gate-cost");
        String system = name + "-system";
        ItSupport.createNamespace(client, system);
        List<String> appNamespaces = new ArrayList<>();
        for (int i = 0; i < namespaces; i++) {
            appNamespaces.add(name + "-apps-" + i);
            ItSupport.createNamespace(client, appNamespaces.get(i));
        }
        String load = loadAverage();
        long started = System.nanoTime();
        try {
            int first = heap ? 10 : dataplanes;
            List<InsightReporter.DataplaneRef> initial = createProxies(reports, name, appNamespaces, first);
            reports.stuck(initial.get(initial.size() - 1), true);
            long withoutOperator = heap ? DataplaneCountBenchmarkIT.usedHeapAfterGc() : 0;

            RequestCounter counter = new RequestCounter();
            KubernetesClient operatorClient = RequestCounter.countingClient(cluster.kubeconfigYaml(), counter);
            OperatorRunner runner = OperatorRunner.start(operatorClient, productionTimings());
            long operatorSmall = 0;
            long operatorLarge = 0;
            long quietPasses;
            String reasonAfterWindow;
            String figures;
            try {
                ItSupport.applyAsIs(client, restrictedProfile(client, name, appNamespaces.get(0)));
                awaitWaitingFor(client, name, first);
                if (heap) {
                    operatorSmall = DataplaneCountBenchmarkIT.usedHeapAfterGc() - withoutOperator;
                    long creating = System.nanoTime();
                    createProxies(reports, name, appNamespaces, dataplanes - first);
                    System.out.printf(Locale.ROOT, "gate benchmark: %d more data planes created in %d s%n", dataplanes - first,
                            (System.nanoTime() - creating) / 1_000_000_000);
                    awaitWaitingFor(client, name, dataplanes);
                }
                // Nothing changes: the waiting gate costs what its timer costs (the MeshInsight watch has nothing to say).
                long quietPassesBefore = runner.metrics().passesStarted(name);
                Thread.sleep(QUIET.toMillis()); // kept: the figure is how often an unchanged waiting gate is looked at
                quietPasses = runner.metrics().passesStarted(name) - quietPassesBefore;

                // Kuma's report changes every 2 s (a proxy leaves and comes back): each change wakes a waiting pass.
                Map<String, Long> readsBefore = counter.readsByResource();
                long readsTotalBefore = counter.get("read");
                long writesBefore = counter.writes();
                long passesBefore = runner.metrics().passesStarted(name);
                long windowStarted = System.nanoTime();
                InsightReporter.DataplaneRef churning = initial.get(0);
                for (int toggle = 0; System.nanoTime() - windowStarted < window.toNanos(); toggle++) {
                    if (toggle % 2 == 0) {
                        reports.disconnect(churning);
                    } else {
                        reports.connect(churning);
                    }
                    Thread.sleep(2000); // kept: one change of Kuma's report every 2 s over a fixed window
                }
                reports.connect(churning);
                long windowMillis = (System.nanoTime() - windowStarted) / 1_000_000;
                long passes = runner.metrics().passesStarted(name) - passesBefore;
                Map<String, Long> readsAfter = counter.readsByResource();
                long reads = counter.get("read") - readsTotalBefore;
                long writes = counter.writes() - writesBefore;
                StringBuilder byResource = new StringBuilder();
                readsAfter.forEach((resource, count) -> {
                    long delta = count - readsBefore.getOrDefault(resource, 0L);
                    if (delta > 0) {
                        byResource.append(String.format(Locale.ROOT, " %s=%.1f", resource.replace(' ', '_'), delta / (double) Math.max(1, passes)));
                    }
                });
                reasonAfterWindow = condition(ItSupport.get(client, name), "Ready").orElseThrow().getReason();
                long insightLists = readsAfter.getOrDefault("dataplaneinsights", 0L) - readsBefore.getOrDefault("dataplaneinsights", 0L);
                if (heap) {
                    long withOperator = DataplaneCountBenchmarkIT.usedHeapAfterGc();
                    runner.close();
                    operatorLarge = withOperator - DataplaneCountBenchmarkIT.usedHeapAfterGc();
                }
                figures = String.format(Locale.ROOT, "BENCHMARK gate_cost dataplanes=%d namespaces=%d (one proxy stuck: the restrict step waits"
                                + " for its certificate) unchanged_report: passes_in_%ds=%d (gate re-check every %d ms);"
                                + " report_changing_every_2s: window_s=%d passes=%d (%.1f per s) reads_per_pass=%.1f writes_in_window=%d"
                                + " dataplaneinsight_lists_in_window=%d (first pages; target <= 1 a minute) reads_per_pass_by_resource:%s"
                                + "%s | load average before %s, after %s; %d s in all%n",
                        dataplanes, Math.max(1, namespaces), QUIET.toSeconds(), quietPasses, GATE_RECHECK.toMillis(),
                        windowMillis / 1000, passes, passes * 1000.0 / windowMillis,
                        reads / (double) Math.max(1, passes), writes, insightLists, byResource,
                        heap ? String.format(Locale.ROOT, " operator_heap_bytes: with %d data planes %d, with %d %d: per_dataplane=%d"
                                        + " (target <= %d)", first, operatorSmall, dataplanes, operatorLarge,
                                (operatorLarge - operatorSmall) / (dataplanes - first), TARGET_BYTES_PER_DATAPLANE) : "",
                        load, loadAverage(), (System.nanoTime() - started) / 1_000_000_000);
                report(figures);
            } finally {
                runner.close();
                operatorClient.close();
            }
            // Read before the operator stops: stopping it interrupts a pass in flight, which then reports ReconcileError.
            assertThat(reasonAfterWindow).as("still waiting at the gate").isEqualTo("WaitingForKuma");
            assertThat(quietPasses).as("an unchanged report wakes no pass: the gate re-check timer fires at most once in " + QUIET)
                    .isLessThanOrEqualTo(QUIET.toMillis() / GATE_RECHECK.toMillis() + 1);
            if (heap) {
                assertThat((operatorLarge - operatorSmall) / (dataplanes - first)).as("operator heap per data plane")
                        .isLessThanOrEqualTo(TARGET_BYTES_PER_DATAPLANE);
            }
        } finally {
            cleanUp(client, name);
            for (String namespace : appNamespaces) {
                client.genericKubernetesResources(KubeKinds.kuma("Dataplane")).inNamespace(namespace).delete();
            }
        }
    }

    // ------------------------------------------------------------------ rolling out

    /** Applies the profiles together, each with two simulated proxies behind its rule, and waits until all are Ready. */
    private static void rollOut(KubernetesClient client, InsightReporter reports, List<String> names, Map<String, Long> appliedAt,
                                Map<String, Long> readyAt) throws Exception {
        List<KumaProductionProfile> profiles = new ArrayList<>();
        for (String name : names) {
            KumaProductionProfile profile = restrictedProfile(client, name, name + "-system");
            reports.dataplanes("backend").namespace(name + "-system").mesh(name).port(80, 8080).count(2).create();
            profiles.add(profile);
        }
        ExecutorService appliers = Executors.newFixedThreadPool(Math.min(8, profiles.size()));
        try {
            List<Future<Object>> applied = new ArrayList<>();
            for (KumaProductionProfile profile : profiles) {
                applied.add(appliers.submit(() -> {
                    appliedAt.put(profile.getMetadata().getName(), System.nanoTime());
                    return ItSupport.applyAsIs(client, profile);
                }));
            }
            for (Future<Object> future : applied) {
                future.get();
            }
        } finally {
            appliers.shutdown();
        }
        Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100)).until(() -> readyAt.keySet().containsAll(names));
    }

    private static KumaProductionProfile restrictedProfile(KubernetesClient client, String name, String backendNamespace) {
        return ItSupport.isolate(client, TestProfiles.fromSpec(name, """
                mtls:
                  enabled: true
                  enabledBackend: ca-1
                  backends: [{name: ca-1, type: Builtin}]
                trafficPermissions:
                  mode: Restricted
                  rules:
                    - {name: to-backend, destination: {kind: Service, name: backend, namespace: %s, port: 80}, sources: [{kind: Mesh}]}
                """.formatted(backendNamespace)), name);
    }

    private static List<InsightReporter.DataplaneRef> createProxies(InsightReporter reports, String mesh, List<String> namespaces, int count) {
        List<InsightReporter.DataplaneRef> refs = new ArrayList<>();
        for (int i = 0; i < namespaces.size(); i++) {
            int here = count / namespaces.size() + (i < count % namespaces.size() ? 1 : 0);
            if (here > 0) {
                refs.addAll(reports.dataplanes(i == 0 ? "backend" : "svc-" + i).namespace(namespaces.get(i)).mesh(mesh).port(80, 8080)
                        .count(here).create());
            }
        }
        return refs;
    }

    /** Until the restrict step says how many online data planes lack a certificate, with all {@code online} counted. */
    private static void awaitWaitingFor(KubernetesClient client, String name, int online) {
        String expected = "1 of " + online + " online data planes do not hold a certificate";
        Awaitility.await().atMost(Duration.ofMinutes(15)).pollInterval(Duration.ofMillis(500)).until(() -> {
            KumaProductionProfile profile = ItSupport.get(client, name);
            return profile != null && condition(profile, "Ready").map(c -> Objects.toString(c.getMessage(), "").contains(expected)).orElse(false);
        });
    }

    private static OperatorRunner.Options productionTimings() {
        ProfileReconciler.Settings defaults = ProfileReconciler.Settings.defaults();
        return OperatorRunner.Options.defaults().withPorts("127.0.0.1", -1, -1)
                .withSettings(defaults.withGateRecheck(GATE_RECHECK).withPropagationWithoutDeployment(REFRESH));
    }

    private static Watch watchReady(KubernetesClient client, Map<String, Long> readyAt) {
        return client.resources(KumaProductionProfile.class).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, KumaProductionProfile profile) {
                long now = System.nanoTime();
                if (profile.getStatus() != null && profile.getStatus().phase == Phase.Ready
                        && Objects.equals(profile.getStatus().observedGeneration, profile.getMetadata().getGeneration())) {
                    readyAt.putIfAbsent(profile.getMetadata().getName(), now);
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });
    }

    private static void cleanUp(KubernetesClient client, String name) {
        client.resources(KumaProductionProfile.class).withName(name).delete();
        client.genericKubernetesResources(KubeKinds.kuma("Dataplane")).inNamespace(name + "-system").delete();
    }

    // ------------------------------------------------------------------ reading the timings

    /**
     * The three gates of one profile, from the operator's writes and the stand-in's MeshInsights, ordered by etcd's
     * revision. A gate's evidence is the first MeshInsight after the write before the gate that says what the last
     * MeshInsight before the next write says about what that gate reads: the moment Kuma's report made the step possible.
     * Empty entries are left out (a profile that did not pass its gates in this order has fewer than three).
     */
    static List<GateTiming> gateTimings(String mesh, List<WriteLog.Write> allWrites, List<MeshInsightPublished> allPublished) {
        List<WriteLog.Write> writes = allWrites.stream().filter(w -> mesh.equals(w.mesh())).toList();
        List<MeshInsightPublished> published = allPublished.stream().filter(p -> p.mesh().equals(mesh))
                .sorted(Comparator.comparingLong(MeshInsightPublished::resourceVersion)).toList();
        String allowAll = "allow-all-" + mesh;
        WriteLog.Write meshWritten = first(writes, w -> w.kind().equals("Mesh") && w.type().equals("ADDED"));
        WriteLog.Write allowAllWritten = first(writes, w -> w.kind().equals("MeshTrafficPermission") && w.name().equals(allowAll)
                && w.type().equals("ADDED"));
        WriteLog.Write mtlsWritten = first(writes, WriteLog.Write::meshWithEnabledBackend);
        WriteLog.Write ruleWritten = first(writes, w -> w.kind().equals("MeshTrafficPermission") && !w.name().equals(allowAll)
                && w.type().equals("ADDED"));
        WriteLog.Write allowAllDeleted = first(writes, w -> w.kind().equals("MeshTrafficPermission") && w.name().equals(allowAll)
                && w.type().equals("DELETED"));
        List<GateTiming> timings = new ArrayList<>();
        if (meshWritten == null || allowAllWritten == null || mtlsWritten == null || ruleWritten == null || allowAllDeleted == null) {
            return timings;
        }
        long refresh = REFRESH.toNanos();
        MeshInsightPublished reported = published.stream().filter(p -> p.resourceVersion() > meshWritten.revision()).findFirst().orElse(null);
        add(timings, Gate.MESH_REPORTED, meshWritten, reported, 0, allowAllWritten);
        add(timings, Gate.PERMISSION_COUNTED, allowAllWritten, evidence(published, allowAllWritten, mtlsWritten,
                r -> r.counted("MeshTrafficPermission")), refresh, mtlsWritten);
        WriteLog.Write lastRule = writes.stream().filter(w -> w.kind().equals("MeshTrafficPermission") && !w.name().equals(allowAll)
                && w.revision() < allowAllDeleted.revision()).reduce((a, b) -> b).orElseThrow();
        // The refresh runs from the rules' count, while the certificates are still coming: the later of the two opens it.
        MeshInsightPublished rulesCounted = evidence(published, lastRule, allowAllDeleted, r -> r.counted("MeshTrafficPermission"));
        MeshInsightPublished certificates = evidence(published, lastRule, allowAllDeleted,
                r -> List.of(r.issuedOnline(), r.dataplanesOnline()));
        if (rulesCounted != null && certificates != null) {
            long opened = Math.max(rulesCounted.storedAtNanos() + refresh, certificates.storedAtNanos());
            if (Math.max(rulesCounted.resourceVersion(), certificates.resourceVersion()) < allowAllDeleted.revision()) {
                timings.add(new GateTiming(Gate.RULES_AND_CERTIFICATES, lastRule.receivedNanos(), opened, allowAllDeleted.receivedNanos()));
            }
        }
        return timings;
    }

    private static void add(List<GateTiming> timings, Gate gate, WriteLog.Write trigger, MeshInsightPublished evidence, long refreshNanos,
                            WriteLog.Write next) {
        if (evidence != null && evidence.resourceVersion() < next.revision()) {
            timings.add(new GateTiming(gate, trigger.receivedNanos(), evidence.storedAtNanos() + refreshNanos, next.receivedNanos()));
        }
    }

    /** The first MeshInsight after {@code trigger} that says, in {@code reads}, what the last one before {@code next} says. */
    private static MeshInsightPublished evidence(List<MeshInsightPublished> published, WriteLog.Write trigger, WriteLog.Write next,
                                                 Function<KumaReports, Object> reads) {
        List<MeshInsightPublished> between = published.stream()
                .filter(p -> p.resourceVersion() > trigger.revision() && p.resourceVersion() < next.revision()).toList();
        if (between.isEmpty()) {
            return null;
        }
        Object acted = reads.apply(KumaReports.fromMeshInsight(between.get(between.size() - 1).spec()));
        return between.stream().filter(p -> acted.equals(reads.apply(KumaReports.fromMeshInsight(p.spec())))).findFirst().orElse(null);
    }

    private static WriteLog.Write first(List<WriteLog.Write> writes, Predicate<WriteLog.Write> which) {
        return writes.stream().filter(which).findFirst().orElse(null);
    }

    // ------------------------------------------------------------------ figures

    static long percentile(List<Long> values, int percent) {
        if (values.isEmpty()) {
            return -1;
        }
        List<Long> sorted = values.stream().sorted().toList();
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static double percentileDouble(List<Double> values, int percent) {
        if (values.isEmpty()) {
            return -1;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    /** The 1-, 5- and 15-minute load averages and the number of processors, as the figures were taken under them. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2] + " on " + Runtime.getRuntime().availableProcessors() + " cores";
        } catch (java.io.IOException e) {
            return String.format(Locale.ROOT, "%.2f on %d cores", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                    Runtime.getRuntime().availableProcessors());
        }
    }

    private static void report(String lines) throws java.io.IOException {
        System.out.print(lines);
        Files.writeString(ProjectPaths.root().resolve("operator/target/benchmark-gates.txt"), lines, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }
}
