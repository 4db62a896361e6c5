package io.kumaops.operator.it;

import static io.kumaops.operator.observe.ClusterFixtures.awaitProfile;
import static io.kumaops.operator.observe.ClusterFixtures.hasFinding;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.FindingSource;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.api.v1alpha1.Recommendation;
import io.kumaops.operator.observe.ClusterFixtures;
import io.kumaops.operator.support.TestProfiles;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator end to end on a cluster seeded with production anti-patterns: the observed rules fire into
 * status.findings, status.observed and status.recommendations, and changes in the cluster re-evaluate the profile
 * long before the periodic resync (10 minutes here).
 */
class OperatorObservationIT {

    /** Well below the 10-minute resync: only an event can explain a reaction this fast. */
    private static final Duration EVENT_DRIVEN = Duration.ofSeconds(20);

    private static KubernetesClient client;
    private static TestCluster.RunningOperator operator;

    @BeforeAll
    static void start() {
        client = TestCluster.get().client();
        operator = TestCluster.get().startOperator(TestCluster.testOptions());
    }

    private static final List<String> PROFILES = new java.util.concurrent.CopyOnWriteArrayList<>();

    @AfterAll
    static void stop() {
        // Delete while the operator runs, so its finalizer is released and no other test class inherits them.
        PROFILES.forEach(name -> ClusterFixtures.deleteProfile(client, name));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> PROFILES.stream()
                .allMatch(name -> client.resources(KumaProductionProfile.class).withName(name).get() == null));
        operator.close();
    }

    /** An Audit profile: the operator only observes and reports, so nothing it writes muddies the picture. */
    private static KumaProductionProfile auditProfile(String name, String system, String extra) {
        PROFILES.add(name);
        return TestProfiles.fromSpec(name, """
                enforcement: Audit
                mesh: {name: %s}
                controlPlane:
                  systemNamespace: %s
                %s""".formatted(name, system, extra.stripIndent()));
    }

    private static boolean current(KumaProductionProfile profile) {
        return profile.getStatus().observedGeneration != null && profile.getStatus().observedGeneration.equals(profile.getMetadata().getGeneration())
                && profile.getStatus().observed != null;
    }

    @Test
    void antiPatternsOfTheLiveClusterBecomeFindingsAndRecommendations() {
        String name = TestCluster.uniqueName("live-anti");
        String system = name + "-system";
        String apps = name + "-apps";
        ClusterFixtures.namespace(client, system);
        ClusterFixtures.namespace(client, apps);
        Map<String, String> env = ClusterFixtures.helmDefaultEnv(system);
        env.put("KUMA_STORE_TYPE", "memory");
        ClusterFixtures.createAsHelm(client, ClusterFixtures.helmControlPlane(system, "kuma-control-plane", 2, env, "500m", "256Mi"));
        ClusterFixtures.helmGeneratedTlsSecret(client, system);
        ClusterFixtures.meshTimeout(client, system, "mesh-timeout-all-" + name, name, "kuma-cp", Map.of());
        ClusterFixtures.meshTimeout(client, system, "team-timeouts", name, "helm", Map.of("app.kubernetes.io/managed-by", "Helm"));
        client.apps().deployments().inNamespace(apps).resource(ClusterFixtures.gateway(apps, "kong", false)).create();
        ClusterFixtures.dataplanes(client, List.of(apps), name, "dp", 40, 2);
        try {
            ClusterFixtures.argoCdAndRollouts(client);
            ClusterFixtures.ciliumConfig(client, Map.of("kube-proxy-replacement", "true", "cni-exclusive", "true"));
            ClusterFixtures.crd(client, "config.openshift.io", "clusterversions", "ClusterVersion", "Cluster");

            ClusterFixtures.applyProfile(client, auditProfile(name, system, """
                    gateway:
                      delegated:
                        - {namespace: %s, deploymentName: kong}
                    """.formatted(apps)));
            KumaProductionProfile seen = awaitProfile(client, name, Duration.ofSeconds(60),
                    p -> current(p) && hasFinding(p, "PolicyFragmentation") && hasFinding(p, "RestrictedPlatformWithoutCni"));

            Set<String> clusterCodes = Set.of("EvenControlPlaneReplicas", "MissingControlPlaneDisruptionBudget", "InMemoryStore",
                    "ArgoCdMeshOwnerReference", "ArgoRolloutsSelectorLabels", "ArgoCdCertificateDrift", "DelegatedGatewayNotAnnotated",
                    "PolicyFragmentation", "UnderProvisionedControlPlane", "CiliumKubeProxyReplacement", "RestrictedPlatformWithoutCni",
                    // Neither namespace carries kuma.io/sidecar-injection, which Kuma 2.14's webhooks select on.
                    "NamespaceMissingInjectionLabel", "SystemNamespaceNotLabelled");
            assertThat(seen.getStatus().findings).extracting(f -> f.code).containsAll(clusterCodes);
            assertThat(seen.getStatus().findings).filteredOn(f -> clusterCodes.contains(f.code))
                    .allSatisfy(f -> assertThat(f.source).as(f.code).isEqualTo(FindingSource.Cluster));
            Finding memory = seen.getStatus().findings.stream().filter(f -> f.code.equals("UnderProvisionedControlPlane")).findFirst().orElseThrow();
            assertThat(memory.message).contains("40 observed data planes");

            assertThat(seen.getStatus().observed.dataplanes).isEqualTo(40);
            assertThat(seen.getStatus().observed.controlPlaneReplicas).isEqualTo(2);
            assertThat(seen.getStatus().observed.controlPlaneDisruptionBudget).isFalse();
            assertThat(seen.getStatus().observed.platformProvider).isEqualTo("OpenShift");
            assertThat(seen.getStatus().observed.cilium).isTrue();
            assertThat(seen.getStatus().observed.argoCD).isTrue();
            assertThat(seen.getStatus().observed.argoRollouts).isTrue();

            assertThat(seen.getStatus().recommendations).extracting(r -> r.field, r -> r.value, r -> r.current).contains(
                    org.assertj.core.groups.Tuple.tuple("controlPlane.resources.requests.memory", "320Mi", "256Mi"),
                    org.assertj.core.groups.Tuple.tuple("controlPlane.replicas", "3", "2"));
            Recommendation sizing = seen.getStatus().recommendations.get(0);
            assertThat(sizing.reason).contains("observed 40");
        } finally {
            ClusterFixtures.deleteArgo(client);
            ClusterFixtures.deleteCiliumConfig(client);
            ClusterFixtures.deleteCrd(client, "clusterversions.config.openshift.io");
            ClusterFixtures.deleteDataplanes(client, List.of(apps), name);
        }
    }

    @Test
    void changesToTheObservedDeploymentsReEvaluateAtOnce() {
        String name = TestCluster.uniqueName("live-deploy");
        String system = name + "-system";
        ClusterFixtures.namespace(client, system);
        ClusterFixtures.createAsHelm(client, ClusterFixtures.helmControlPlane(system, "kuma-control-plane", 3,
                ClusterFixtures.helmDefaultEnv(system), "1", "1Gi"));
        client.apps().deployments().inNamespace(system).resource(ClusterFixtures.gateway(system, "kong", false)).create();
        ClusterFixtures.applyProfile(client, auditProfile(name, system, """
                gateway:
                  delegated:
                    - {namespace: %s, deploymentName: kong}
                """.formatted(system)));
        KumaProductionProfile before = awaitProfile(client, name, Duration.ofSeconds(60), p -> current(p) && hasFinding(p, "DelegatedGatewayNotAnnotated"));
        assertThat(hasFinding(before, "EvenControlPlaneReplicas")).isFalse();
        assertThat(before.getStatus().observed.controlPlaneReplicas).isEqualTo(3);

        // Someone scales the control plane to an even count by hand.
        client.apps().deployments().inNamespace(system).withName("kuma-control-plane").scale(2);
        KumaProductionProfile scaled = awaitProfile(client, name, EVENT_DRIVEN, p -> hasFinding(p, "EvenControlPlaneReplicas"));
        assertThat(scaled.getStatus().observed.controlPlaneReplicas).isEqualTo(2);

        // The gateway team adds the annotation: the finding goes away.
        client.apps().deployments().inNamespace(system).withName("kong").edit(d -> {
            d.getSpec().getTemplate().getMetadata().setAnnotations(Map.of("kuma.io/gateway", "enabled"));
            return d;
        });
        awaitProfile(client, name, EVENT_DRIVEN, p -> !hasFinding(p, "DelegatedGatewayNotAnnotated"));

        // A profile that starts naming another Deployment is woken by that one too.
        String other = "kuma2-control-plane";
        KumaProductionProfile renamed = auditProfile(name, system, """
                gateway:
                  delegated:
                    - {namespace: %s, deploymentName: kong}
                """.formatted(system));
        renamed.getSpec().controlPlane.deploymentName = other;
        ClusterFixtures.applyProfile(client, renamed);
        awaitProfile(client, name, Duration.ofSeconds(30), p -> current(p) && p.getStatus().observed.controlPlaneReplicas == null);
        ClusterFixtures.createAsHelm(client, ClusterFixtures.helmControlPlane(system, other, 1, ClusterFixtures.helmDefaultEnv(system), "1", "1Gi"));
        KumaProductionProfile appeared = awaitProfile(client, name, EVENT_DRIVEN, p -> Integer.valueOf(1).equals(p.getStatus().observed.controlPlaneReplicas));
        assertThat(hasFinding(appeared, "SingleControlPlaneReplica")).isTrue();
    }

    @Test
    void dataplanesComingAndGoingUpdateTheObservedCount() {
        String name = TestCluster.uniqueName("live-churn");
        String system = name + "-system";
        String apps = name + "-apps";
        ClusterFixtures.namespace(client, system);
        ClusterFixtures.namespace(client, apps);
        ClusterFixtures.applyProfile(client, auditProfile(name, system, ""));
        awaitProfile(client, name, Duration.ofSeconds(60), p -> current(p) && Integer.valueOf(0).equals(p.getStatus().observed.dataplanes));

        ClusterFixtures.dataplanes(client, List.of(apps), name, "dp", 7, 1);
        KumaProductionProfile grown = awaitProfile(client, name, EVENT_DRIVEN, p -> Integer.valueOf(7).equals(p.getStatus().observed.dataplanes));
        assertThat(grown.getStatus().recommendations).extracting(r -> r.reason).anyMatch(reason -> reason.contains("observed 7"));

        // Dataplanes of another mesh do not touch this profile's count.
        ClusterFixtures.dataplanes(client, List.of(apps), name + "-other", "other", 3, 1);
        ClusterFixtures.deleteDataplanes(client, List.of(apps), name);
        // The second wake-up of a mesh is coalesced to at most one per 30 s.
        awaitProfile(client, name, Duration.ofSeconds(45), p -> Integer.valueOf(0).equals(p.getStatus().observed.dataplanes));
    }
}
