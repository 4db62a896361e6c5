package io.kumaops.operator.it;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kumaops.operator.runtime.LocalCluster;
import io.kumaops.operator.runtime.OperatorRunner;
import io.kumaops.operator.standin.KumaStandIn;
import io.kumaops.operator.support.ProjectPaths;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real kube-apiserver + etcd per test JVM, shared by every integration test (tests isolate themselves by
 * resource names). Kuma's real CRDs are installed when ../shared/kuma is present, so the API server judges what
 * the operator writes; otherwise the vendored copy of the same CRDs. A {@link KumaStandIn} plays Kuma's control plane
 * for the whole tier: its validating webhook judges every kuma.io write as open-source Kuma 2.14, standalone, in
 * {@code kuma-system} (a test that needs another target switches it with {@link KumaStandIn#judgeAs} for its own
 * duration), it creates Kuma's default policies for new Meshes and keeps the status of {@code kuma-system/kuma-control-plane}.
 * Kuma's Mesh {@code default} is not created here, so no test meets a Mesh it did not make.
 */
public final class TestCluster {

    private static TestCluster instance;
    private static final AtomicInteger NAMES = new AtomicInteger();

    private final LocalCluster cluster;
    private final KubernetesClient client;
    private final boolean realKumaCrds;
    private final KumaStandIn standIn;

    private TestCluster(LocalCluster cluster, KubernetesClient client, boolean realKumaCrds, KumaStandIn standIn) {
        this.cluster = cluster;
        this.client = client;
        this.realKumaCrds = realKumaCrds;
        this.standIn = standIn;
    }

    public static synchronized TestCluster get() {
        if (instance == null) {
            long started = System.nanoTime();
            LocalCluster cluster = LocalCluster.start();
            KubernetesClient client = cluster.newClient();
            var kumaCrds = ProjectPaths.kumaCrds();
            List<String> installed = LocalCluster.installCrds(client, kumaCrds.orElse(null));
            System.out.println("TestCluster: kube-apiserver " + LocalCluster.KUBERNETES_VERSION + " up with " + installed.size() + " CRDs in "
                    + (System.nanoTime() - started) / 1_000_000 + " ms; Kuma CRDs: "
                    + (kumaCrds.isPresent() ? "Kuma's real v2.14.3 CRDs from " + kumaCrds.get() : "Kuma's v2.14.3 CRDs vendored in the jar (../shared/kuma not found)"));
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("kuma-system").endMetadata().build()).serverSideApply();
            KumaStandIn standIn = KumaStandIn.start(client, KumaStandIn.Config.defaults().withCreateDefaultMesh(false));
            System.out.println("TestCluster: Kuma stand-in judging as " + standIn.target() + " (" + standIn.target().role()
                    + ", system namespace " + standIn.target().systemNamespace() + "), webhook " + standIn.webhookUrl());
            instance = new TestCluster(cluster, client, kumaCrds.isPresent(), standIn);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                standIn.close();
                client.close();
                cluster.close();
            }, "test-cluster-stop"));
        }
        return instance;
    }

    public KubernetesClient client() {
        return client;
    }

    /** A fresh client, as a separate process would have (operators under test get their own). */
    public KubernetesClient newClient() {
        return cluster.newClient();
    }

    public String kubeconfigYaml() {
        return cluster.kubeconfigYaml();
    }

    public boolean realKumaCrds() {
        return realKumaCrds;
    }

    /** Kuma's control plane as far as this API server knows it: admission webhook, mesh defaults, Deployment. */
    public KumaStandIn standIn() {
        return standIn;
    }

    /** A name no other test in this JVM uses: tests share one API server. */
    public static String uniqueName(String prefix) {
        return prefix + "-" + NAMES.incrementAndGet();
    }

    /** Starts an operator on its own client, without probes, leader election or settle time unless asked. */
    public RunningOperator startOperator(OperatorRunner.Options options) {
        KubernetesClient operatorClient = newClient();
        OperatorRunner runner = OperatorRunner.start(operatorClient, options);
        return new RunningOperator(runner, operatorClient);
    }

    /**
     * Short timers throughout, a step waiting for Kuma's reports included (looked at again every 200 ms, as every other
     * wait): the tier's tests were written against that cadence. {@link GateEvidenceBenchmarkIT} runs the operator's own.
     */
    public static OperatorRunner.Options testOptions() {
        java.time.Duration waiting = java.time.Duration.ofMillis(200);
        return OperatorRunner.Options.defaults().withPorts("127.0.0.1", -1, -1).withSettings(
                io.kumaops.operator.reconcile.ProfileReconciler.Settings.defaults()
                        .withRequeues(waiting, java.time.Duration.ofSeconds(2), java.time.Duration.ofSeconds(1)).withGateRecheck(waiting)
                        .withPropagationWithoutDeployment(standInPropagation()));
    }

    /**
     * The wait for Kuma's configuration refresh of the tier's stand-in, which reports on every mesh: what its Deployment's
     * env says (standin.ControlPlaneDeployment: the refresh is the reports' delay, no store cache), as
     * {@link io.kumaops.operator.model.KumaConfigPropagation} reads it. Tests point their profiles at system namespaces of
     * their own, where no control-plane Deployment runs.
     */
    public static java.time.Duration standInPropagation() {
        return propagationOf(io.kumaops.operator.standin.KumaStandIn.Config.defaults().reporting());
    }

    /** The refresh wait of a control plane whose proxies follow a change after the reports' delay, with no store cache. */
    public static java.time.Duration propagationOf(io.kumaops.operator.standin.InsightReporter.Settings reporting) {
        return reporting.delay();
    }

    /**
     * {@link #testOptions()} with a settled profile passed over again this often: for tests that show nothing happens
     * by waiting for passes ({@link ItSupport#awaitFreshPasses}), which the default resync of minutes would not bring.
     */
    public static OperatorRunner.Options testOptions(java.time.Duration resync) {
        OperatorRunner.Options options = testOptions();
        return options.withSettings(options.settings().withResync(resync));
    }

    /** An operator under test; closing it stops the operator first, then its client. */
    public record RunningOperator(OperatorRunner runner, KubernetesClient client) implements AutoCloseable {
        @Override
        public void close() {
            runner.close();
            client.close();
        }
    }
}
