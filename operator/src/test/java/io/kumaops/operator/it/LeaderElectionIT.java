package io.kumaops.operator.it;

import static io.kumaops.operator.it.ItSupport.apply;
import static io.kumaops.operator.it.ItSupport.awaitPhase;
import static io.kumaops.operator.it.ItSupport.isolatedExample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.api.v1alpha1.Phase;
import io.kumaops.operator.model.DesiredResource;
import io.kumaops.operator.reconcile.RolloutHooks;
import io.kumaops.operator.runtime.OperatorRunner;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Two replicas, one Lease: only the leader writes; when it stops, it releases the Lease and the other takes over. */
class LeaderElectionIT {

    private static final String LEASE_NAMESPACE = "kumaops-leader-election-it";

    @Test
    void onlyTheLeaderWritesAndTheStandbyTakesOver() {
        TestCluster cluster = TestCluster.get();
        KubernetesClient client = cluster.client();
        AtomicInteger writesA = new AtomicInteger();
        AtomicInteger writesB = new AtomicInteger();
        TestCluster.RunningOperator a = cluster.startOperator(options("replica-a", writesA));
        await().atMost(Duration.ofSeconds(30)).until(() -> holder(client) != null);
        TestCluster.RunningOperator b = cluster.startOperator(options("replica-b", writesB));
        try {
            String first = TestCluster.uniqueName("leader");
            apply(client, isolatedExample(client, "minimal.yaml", first));
            awaitPhase(client, first, Phase.Ready);
            String leader = holder(client);
            assertThat(leader).isIn("replica-a", "replica-b");
            assertThat(leader.equals("replica-a") ? writesB.get() : writesA.get()).as("the standby wrote nothing").isZero();
            assertThat(leader.equals("replica-a") ? writesA.get() : writesB.get()).isPositive();

            TestCluster.RunningOperator stopped = leader.equals("replica-a") ? a : b;
            stopped.close();
            String second = TestCluster.uniqueName("leader");
            apply(client, isolatedExample(client, "minimal.yaml", second));
            KumaProductionProfile ready = ItSupport.awaitProfile(client, second, Duration.ofSeconds(90), p -> p.getStatus().phase == Phase.Ready);
            assertThat(ready).isNotNull();
            assertThat(holder(client)).isNotEqualTo(leader);
        } finally {
            a.close();
            b.close();
        }
    }

    @Test
    void aLostLeaseStopsReconcilingAndIsNotReleasedOnClose() {
        TestCluster cluster = TestCluster.get();
        KubernetesClient client = cluster.client();
        String namespace = TestCluster.uniqueName("kumaops-lost-lease-it");
        try (TestCluster.RunningOperator operator = cluster.startOperator(TestCluster.testOptions().withLease(namespace, false, "replica-lost"))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> "replica-lost".equals(holder(client, namespace)));
            // The leader renews every second: retry on a 409 until the write lands between two renewals.
            await().atMost(Duration.ofSeconds(10)).ignoreException(KubernetesClientException.class).until(() -> {
                Lease lease = client.leases().inNamespace(namespace).withName(OperatorRunner.LEASE_NAME).get();
                lease.getSpec().setHolderIdentity("replica-new");
                lease.getSpec().setLeaseDurationSeconds(60);
                lease.getSpec().setRenewTime(ZonedDateTime.now(ZoneOffset.UTC));
                client.leases().inNamespace(namespace).resource(lease).update();
                return true;
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> operator.runner().lostLeadership());
            await().atMost(Duration.ofSeconds(10)).until(() -> !operator.runner().operator().getRuntimeInfo().isStarted());
        }
        assertThat(holder(client, namespace)).as("close() leaves the new holder's Lease alone").isEqualTo("replica-new");
    }

    @Test
    void closingTheLeaderReleasesTheLease() {
        TestCluster cluster = TestCluster.get();
        KubernetesClient client = cluster.client();
        String namespace = TestCluster.uniqueName("kumaops-release-it");
        TestCluster.RunningOperator operator = cluster.startOperator(TestCluster.testOptions().withLease(namespace, false, "replica-release"));
        await().atMost(Duration.ofSeconds(30)).until(() -> "replica-release".equals(holder(client, namespace)));
        operator.close();
        assertThat(operator.runner().lostLeadership()).isFalse();
        assertThat(holder(client, namespace)).isNullOrEmpty();
    }

    private static OperatorRunner.Options options(String identity, AtomicInteger writes) {
        return TestCluster.testOptions().withLease(LEASE_NAMESPACE, false, identity).withHooks(new RolloutHooks() {
            @Override
            public void applied(KumaProductionProfile profile, DesiredResource resource) {
                writes.incrementAndGet();
            }
        });
    }

    private static String holder(KubernetesClient client) {
        return holder(client, LEASE_NAMESPACE);
    }

    private static String holder(KubernetesClient client, String namespace) {
        Lease lease = client.leases().inNamespace(namespace).withName(OperatorRunner.LEASE_NAME).get();
        return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    }
}
