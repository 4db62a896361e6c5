package io.kumaops.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kumaops.operator.it.OperatorJar.Replica;
import io.kumaops.operator.runtime.OperatorRunner;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar as a separate process, the way a pod runs it: SIGTERM (what {@link Process#destroy()} sends on
 * Linux) ends it with 0 within 5 s and hands the Lease over; a lost Lease ends it with 3; a busy port is one line
 * and exit 2; --bind-address is where the probes listen. The real API server of {@link TestCluster} serves all of them.
 */
class OperatorProcessIT {

    private static final long EXIT_BUDGET_MS = 5_000;

    @TempDir
    Path dir;

    private OperatorJar jars;
    private TestCluster cluster;
    private Path kubeconfig;

    @BeforeEach
    void writeKubeconfig() throws IOException {
        cluster = TestCluster.get();
        kubeconfig = Files.writeString(dir.resolve("kubeconfig"), cluster.kubeconfigYaml());
        jars = new OperatorJar(dir);
    }

    @AfterEach
    void killLeftovers() {
        jars.close();
    }

    @Test
    void sigtermDrainsReleasesTheLeaseAndExitsZero() throws Exception {
        String namespace = TestCluster.uniqueName("kumaops-process-sigterm");
        Replica leader = startReplica("process-leader", namespace);
        awaitHolder(namespace, leader.identity());
        // Give it work, so SIGTERM finds an operator that is reconciling.
        String name = TestCluster.uniqueName("process");
        ItSupport.apply(cluster.client(), ItSupport.isolatedExample(cluster.client(), "minimal.yaml", name));
        ItSupport.awaitProfile(cluster.client(), name, Duration.ofSeconds(30), p -> p.getStatus().phase != null);

        long exitMs = terminate(leader);

        System.out.println("OperatorProcessIT: leader exited " + exitMs + " ms after SIGTERM (exit " + leader.process().exitValue() + ")");
        assertThat(leader.process().exitValue()).as(leader.stderr()).isZero();
        assertThat(exitMs).as("ms from SIGTERM to exit").isLessThan(EXIT_BUDGET_MS);
        Lease lease = lease(namespace);
        assertThat(lease.getSpec().getHolderIdentity()).as("the Lease is released").isNullOrEmpty();
        assertThat(lease.getSpec().getLeaseDurationSeconds()).isEqualTo(1);
        assertThat(leader.stderr()).contains("released the Lease " + namespace + "/" + OperatorRunner.LEASE_NAME)
                .doesNotContain("lost leadership").doesNotContain("Exception");
    }

    @Test
    void theStandbyTakesOverWithinFiveSecondsOfTheLeadersExit() throws Exception {
        String namespace = TestCluster.uniqueName("kumaops-process-handover");
        Replica leader = startReplica("process-a", namespace);
        awaitHolder(namespace, leader.identity());
        Replica standby = startReplica("process-b", namespace);
        await().atMost(Duration.ofSeconds(30)).until(() -> standby.stderr().contains("standing by: the Lease"));

        long exitMs = terminate(leader);
        long exited = System.nanoTime();
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(20)).until(() -> standby.identity().equals(holder(namespace)));
        long takeoverMs = (System.nanoTime() - exited) / 1_000_000;

        System.out.println("OperatorProcessIT: leader exited " + exitMs + " ms after SIGTERM; standby held the Lease "
                + takeoverMs + " ms after the leader's exit");
        assertThat(leader.process().exitValue()).as(leader.stderr()).isZero();
        assertThat(exitMs).isLessThan(EXIT_BUDGET_MS);
        assertThat(takeoverMs).as("ms from the leader's exit to the standby holding the Lease").isLessThan(5_000);
        await().atMost(Duration.ofSeconds(5)).until(() -> standby.stderr().contains("leading: holding the Lease"));

        long standbyExitMs = terminate(standby);
        assertThat(standby.process().exitValue()).as(standby.stderr()).isZero();
        assertThat(standbyExitMs).isLessThan(EXIT_BUDGET_MS);
        assertThat(holder(namespace)).isNullOrEmpty();
    }

    @Test
    void losingTheLeaseWhileRunningExitsThreeAtOnce() throws Exception {
        String namespace = TestCluster.uniqueName("kumaops-process-lost");
        Replica leader = startReplica("process-lost", namespace);
        awaitHolder(namespace, leader.identity());

        // Another holder, as after a network partition in which the Lease expired and a standby took it.
        // The leader renews every second: retry on a 409 until the write lands between two renewals.
        await().atMost(Duration.ofSeconds(10)).ignoreException(KubernetesClientException.class).until(() -> {
            Lease lease = lease(namespace);
            lease.getSpec().setHolderIdentity("intruder");
            lease.getSpec().setLeaseDurationSeconds(60);
            lease.getSpec().setRenewTime(ZonedDateTime.now(ZoneOffset.UTC));
            cluster.client().leases().inNamespace(namespace).resource(lease).update();
            return true;
        });
        long stolen = System.nanoTime();

        assertThat(leader.process().waitFor(15, TimeUnit.SECONDS)).as("the process exits").isTrue();
        long exitMs = (System.nanoTime() - stolen) / 1_000_000;
        System.out.println("OperatorProcessIT: leader exited " + exitMs + " ms after losing the Lease (exit " + leader.process().exitValue() + ")");
        assertThat(leader.process().exitValue()).as(leader.stderr()).isEqualTo(3);
        assertThat(exitMs).as("one renewal period, then exit").isLessThan(EXIT_BUDGET_MS);
        assertThat(leader.stderr()).contains("lost leadership: the Lease " + namespace + "/" + OperatorRunner.LEASE_NAME);
        assertThat(holder(namespace)).as("the new holder's Lease is left alone").isEqualTo("intruder");
    }

    @Test
    void aBusyPortIsOneLineNamingTheFlagAndExitTwo() throws Exception {
        try (ServerSocket busy = new ServerSocket(0)) {
            int port = busy.getLocalPort();
            String namespace = TestCluster.uniqueName("kumaops-process-port");
            assertBusyPort(namespace, port, "--health-port", "--health-port", String.valueOf(port), "--metrics-port", "-1");
            assertBusyPort(namespace, port, "--metrics-port", "--health-port", "0", "--metrics-port", String.valueOf(port));
            assertThat(cluster.client().namespaces().withName(namespace).get()).as("nothing was written: no Lease namespace").isNull();
        }
    }

    /** --bind-address: the probes listen on that address and no other (127.0.0.2 answers, 127.0.0.1 does not). */
    @Test
    void theProbesListenWhereBindAddressSays() throws Exception {
        String namespace = TestCluster.uniqueName("kumaops-process-bind");
        Replica run = start(jar(List.of("run", "--kubeconfig", kubeconfig.toString(), "--lease-namespace", namespace,
                "--bind-address", "127.0.0.2", "--health-port", "0", "--metrics-port", "-1")), "bind", "bind");
        Pattern started = Pattern.compile("probes on 127\\.0\\.0\\.2:(\\d+), metrics on 127\\.0\\.0\\.2:\\1 \\(bound to 127\\.0\\.0\\.2\\)");
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(100)).until(() -> started.matcher(run.stdout()).find());
        Matcher line = started.matcher(run.stdout());
        assertThat(line.find()).isTrue();
        int port = Integer.parseInt(line.group(1));

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.2:" + port + "/healthz")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        try (Socket loopback = new Socket()) {
            assertThatThrownBy(() -> loopback.connect(new InetSocketAddress("127.0.0.1", port), 2_000))
                    .as("nothing listens on 127.0.0.1:" + port).isInstanceOf(ConnectException.class);
        }

        terminate(run);
        assertThat(run.process().exitValue()).as(run.stderr()).isZero();
    }

    /** The local run (no --kubeconfig) stops its own kube-apiserver and etcd on SIGTERM, and exits 0 as well. */
    @Test
    void sigtermStopsTheLocalRunAndItsApiServer() throws Exception {
        ProcessBuilder builder = jar(List.of("run", "--health-port", "0"));
        builder.environment().put("KUMAOPS_LOCAL_DIR", dir.resolve("local").toString());
        Replica local = start(builder, "local", "local");
        await().atMost(Duration.ofSeconds(50)).pollInterval(Duration.ofMillis(100))
                .until(() -> local.stdout().contains("Running until Ctrl-C."));
        List<ProcessHandle> children = local.process().descendants().toList();
        assertThat(children).as("kube-apiserver and etcd run as child processes").isNotEmpty();

        long exitMs = terminate(local);

        System.out.println("OperatorProcessIT: local run exited " + exitMs + " ms after SIGTERM (exit " + local.process().exitValue()
                + "), " + children.size() + " child processes");
        assertThat(local.process().exitValue()).as(local.stderr()).isZero();
        assertThat(exitMs).isLessThan(EXIT_BUDGET_MS);
        assertThat(children).as("the local API server is stopped").noneMatch(ProcessHandle::isAlive);
    }

    private void assertBusyPort(String namespace, int port, String flag, String... ports) throws Exception {
        List<String> args = new ArrayList<>(List.of("run", "--kubeconfig", kubeconfig.toString(), "--lease-namespace", namespace));
        args.addAll(List.of(ports));
        Replica run = start(jar(args), "port-" + flag.substring(2), "port");
        assertThat(run.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        String stderr = run.stderr();
        System.out.println("OperatorProcessIT: busy " + flag + " -> exit " + run.process().exitValue() + ", stderr: " + stderr.strip());
        assertThat(run.process().exitValue()).as(stderr).isEqualTo(2);
        assertThat(stderr.strip().lines().toList()).as("one line").hasSize(1);
        assertThat(stderr).contains(":" + port).contains(flag).doesNotContain("Exception").doesNotContain("at io.").doesNotContain("\tat ");
        assertThat(run.stdout()).as("nothing started").isEmpty();
    }

    private Replica startReplica(String identity, String namespace) throws IOException {
        ProcessBuilder builder = jar(List.of("run", "--kubeconfig", kubeconfig.toString(), "--lease-namespace", namespace,
                "--health-port", "0", "--metrics-port", "-1"));
        builder.environment().put("POD_NAME", identity);
        return start(builder, identity, identity);
    }

    private static ProcessBuilder jar(List<String> args) {
        return OperatorJar.command(List.of(), args);
    }

    private Replica start(ProcessBuilder builder, String identity, String files) throws IOException {
        return jars.start(builder, identity, files);
    }

    /** SIGTERM, then the time until the process has exited. */
    private static long terminate(Replica replica) throws InterruptedException {
        long signalled = System.nanoTime();
        replica.process().destroy();
        boolean exited = replica.process().waitFor(30, TimeUnit.SECONDS);
        long ms = (System.nanoTime() - signalled) / 1_000_000;
        assertThat(exited).as("exited within 30 s of SIGTERM; stderr:\n" + replica.stderr()).isTrue();
        return ms;
    }

    private void awaitHolder(String namespace, String identity) {
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(100)).until(() -> identity.equals(holder(namespace)));
    }

    private Lease lease(String namespace) {
        return cluster.client().leases().inNamespace(namespace).withName(OperatorRunner.LEASE_NAME).get();
    }

    private String holder(String namespace) {
        Lease lease = lease(namespace);
        return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    }
}
