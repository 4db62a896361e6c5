package io.kumaops.operator.it;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kumaops.operator.runtime.LocalCluster;
import io.kumaops.operator.runtime.OperatorRunner;
import io.kumaops.operator.support.ProjectPaths;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real kube-apiserver + etcd per test JVM, shared by every integration test (tests isolate themselves by
 * resource names). Kuma's real CRDs are installed when ../shared/kuma is present, so the API server judges what
 * the operator writes; otherwise the project's stand-ins, and the output says so.
 */
public final class TestCluster {

    private static TestCluster instance;
    private static final AtomicInteger NAMES = new AtomicInteger();

    private final LocalCluster cluster;
    private final KubernetesClient client;
    private final boolean realKumaCrds;

    private TestCluster(LocalCluster cluster, KubernetesClient client, boolean realKumaCrds) {
        this.cluster = cluster;
        this.client = client;
        this.realKumaCrds = realKumaCrds;
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
                    + (kumaCrds.isPresent() ? "Kuma's real v2.14.3 CRDs from " + kumaCrds.get() : "FALLBACK to the project's stand-ins (../shared/kuma not found)"));
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("kuma-system").endMetadata().build()).serverSideApply();
            instance = new TestCluster(cluster, client, kumaCrds.isPresent());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
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

    public static OperatorRunner.Options testOptions() {
        return OperatorRunner.Options.defaults().withPorts("127.0.0.1", -1, -1).withSettings(
                io.kumaops.operator.reconcile.ProfileReconciler.Settings.defaults()
                        .withRequeues(java.time.Duration.ofMillis(200), java.time.Duration.ofSeconds(2), java.time.Duration.ofSeconds(1)));
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
