package io.kumaops.operator.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kumaops.operator.api.v1alpha1.GateWaitStatus;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfileStatus;
import io.kumaops.operator.it.ItSupport;
import io.kumaops.operator.it.TestCluster;
import io.kumaops.operator.model.ResourceRef;
import io.kumaops.operator.support.MutableClock;
import io.kumaops.operator.support.TestProfiles;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a pass reads while its profile waits at a gate, against the real API server: facts that raise no event
 * (discovery, nodes, server version, Cilium's ConfigMap, the TLS Secret, namespaces) are read once for the wait and
 * reused for the same generation for at most 30 s; the kinds of the system namespace are listed once a pass however
 * many readers ask, and the rollout's walk judges objects from those lists.
 */
class WaitingPassReadsIT {

    private static final io.kumaops.operator.it.RequestCounter COUNTER = new io.kumaops.operator.it.RequestCounter();
    private static KubernetesClient client;
    private static KubernetesClient countingClient;

    @BeforeAll
    static void start() {
        client = TestCluster.get().client();
        countingClient = io.kumaops.operator.it.RequestCounter.countingClient(TestCluster.get().kubeconfigYaml(), COUNTER);
    }

    @AfterAll
    static void stop() {
        countingClient.close();
    }

    /** Reads so far of one resource (plural), "discovery" for API discovery and the server version. */
    private static long gets(String resource) {
        return COUNTER.readsByResource().getOrDefault(resource, 0L);
    }

    private static KumaProductionProfile profile(String name, boolean waiting, long generation) {
        String system = name + "-system";
        ClusterFixtures.namespace(client, system);
        ItSupport.seedControlPlane(client, system, 1);
        KumaProductionProfile profile = TestProfiles.fromSpec(name, """
                mesh: {name: %s}
                controlPlane: {systemNamespace: %s}
                """.formatted(name, system)).withDefaultedSpec();
        profile.getMetadata().setGeneration(generation);
        if (waiting) {
            KumaProductionProfileStatus status = new KumaProductionProfileStatus();
            status.gateWait = new GateWaitStatus("3-mtls", Instant.now().toString());
            profile.setStatus(status);
        }
        return profile;
    }

    @Test
    void aWaitingProfileReadsTheFactsWithoutEventsOnceAndAgainAfterThirtySecondsOrANewGeneration() {
        String name = TestCluster.uniqueName("kept-facts");
        MutableClock clock = new MutableClock(Instant.now());
        ClusterObserver observer = new ClusterObserver(countingClient, Duration.ofMinutes(1), clock);
        KumaProductionProfile waiting = profile(name, true, 1);

        long nodes = gets("nodes");
        long discovery = gets("discovery");
        observer.facts(waiting, observer.kumaObjects(waiting));
        assertThat(gets("nodes") - nodes).as("the first pass of the wait reads them").isEqualTo(1);
        assertThat(gets("discovery") - discovery).as("API groups, the fence's resource, the version").isGreaterThanOrEqualTo(2);
        long discovered = gets("discovery");
        long namespaces = gets("namespaces");
        long meshInsights = gets("meshinsights");

        clock.advance(Duration.ofSeconds(29));
        assertThat(observer.kumaInstalled(waiting)).isTrue();
        observer.facts(waiting, observer.kumaObjects(waiting));
        assertThat(gets("nodes") - nodes).as("kept while waiting").isEqualTo(1);
        assertThat(gets("discovery")).as("no discovery, the Kuma check and the server version included").isEqualTo(discovered);
        assertThat(gets("namespaces")).isEqualTo(namespaces);
        assertThat(gets("meshinsights")).as("Kuma's report is read every pass").isGreaterThan(meshInsights);

        clock.advance(Duration.ofSeconds(2));
        observer.facts(waiting, observer.kumaObjects(waiting));
        assertThat(gets("nodes") - nodes).as("older than 30 s: read again").isEqualTo(2);

        KumaProductionProfile edited = profile(name, true, 2);
        observer.facts(edited, observer.kumaObjects(edited));
        assertThat(gets("nodes") - nodes).as("a new generation reads them again").isEqualTo(3);

        KumaProductionProfile notWaiting = profile(name, false, 2);
        observer.facts(notWaiting, observer.kumaObjects(notWaiting));
        observer.facts(notWaiting, observer.kumaObjects(notWaiting));
        assertThat(gets("nodes") - nodes).as("a profile that waits for nothing reads them every pass").isEqualTo(5);
    }

    @Test
    void aKindIsListedOncePerPassAndTheListsAnswerForItsObjects() throws Exception {
        String name = TestCluster.uniqueName("one-list");
        ClusterFixtures.namespace(client, name + "-system");
        KumaObjects objects = new KumaObjects(countingClient, name + "-system");
        long lists = gets("meshretries");
        List<CompletableFuture<Integer>> readers = List.of(
                CompletableFuture.supplyAsync(() -> objects.all("MeshRetry").size()),
                CompletableFuture.supplyAsync(() -> objects.all("MeshRetry").size()),
                CompletableFuture.supplyAsync(() -> objects.all("MeshRetry").size()));
        for (CompletableFuture<Integer> reader : readers) {
            assertThat(reader.get()).isZero();
        }
        assertThat(gets("meshretries") - lists).as("three readers, one list").isEqualTo(1);

        ResourceRef absent = new ResourceRef("kuma.io/v1alpha1", "MeshRetry", name + "-system", "nothing-here");
        assertThat(objects.listed(absent)).as("the list says it is absent").contains(java.util.Optional.empty());
        assertThat(objects.listed(new ResourceRef("kuma.io/v1alpha1", "MeshTimeout", name + "-system", "x")))
                .as("a kind not listed in this pass is not answered for").isEmpty();
        assertThat(objects.listed(new ResourceRef("kuma.io/v1alpha1", "MeshRetry", "elsewhere", "x")))
                .as("nor another namespace").isEmpty();
        ResourceRef mesh = new ResourceRef("kuma.io/v1alpha1", "Mesh", null, name);
        objects.remember(mesh, Map.of("metadata", Map.of("name", name)));
        assertThat(objects.listed(mesh).orElseThrow()).isPresent();
    }
}
