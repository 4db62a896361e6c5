package io.kumaops.operator.observe;

import io.kumaops.operator.support.MutableClock;
import static io.kumaops.operator.support.TreePath.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.it.ItSupport;
import io.kumaops.operator.it.TestCluster;
import io.kumaops.operator.kube.KubeKinds;
import io.kumaops.operator.model.DataplaneInsightDigest;
import io.kumaops.operator.model.KumaReports;
import io.kumaops.operator.standin.InsightReporter;
import io.kumaops.operator.standin.InsightReporter.DataplaneRef;
import io.kumaops.operator.support.TestProfiles;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The mesh's DataplaneInsights, as the tier's Kuma stand-in writes them, read by the observer: paged, reduced to the
 * digest, and listed at most once per interval per mesh; not at all when the MeshInsight shows nothing they could name.
 */
class DataplaneInsightReadingIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static KubernetesClient client;
    private static KubernetesClient countingClient;
    private static final AtomicInteger INSIGHT_LISTS = new AtomicInteger();

    @BeforeAll
    static void start() {
        client = TestCluster.get().client();
        Interceptor counter = new Interceptor() {
            @Override
            public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
                if (request.method().equals("GET") && request.uri().getPath().endsWith("/dataplaneinsights")) {
                    INSIGHT_LISTS.incrementAndGet();
                }
            }
        };
        countingClient = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(TestCluster.get().kubeconfigYaml()))
                .withHttpClientBuilderConsumer(builder -> builder.addOrReplaceInterceptor("insight-lists", counter)).build();
    }

    @AfterAll
    static void stop() {
        countingClient.close();
    }

    @Test
    void insightsAreReadPagedIntoTheDigestAndAtMostOncePerInterval() {
        String mesh = TestCluster.uniqueName("obs-insights");
        String app = mesh + "-app";
        KumaProductionProfile profile = profile(mesh);
        mesh(mesh, true);
        InsightReporter reports = TestCluster.get().standIn().reports();
        List<DataplaneRef> web = reports.dataplanes("web").namespace(app).mesh(mesh).count(7).create();
        List<DataplaneRef> legacy = reports.dataplanes("legacy").namespace(app).mesh(mesh).kumaDpVersion("2.9.0").create();
        reports.disconnect(web.get(5));
        reports.disconnect(web.get(6));
        await().atMost(WAIT).until(() -> certificate(app, web.get(0).name()) != null);
        reports.stuck(web.get(0), true);
        Instant issuedBefore = Instant.parse(certificate(app, web.get(0).name()));
        reports.ageCertificate(web.get(0), Duration.ofHours(23));
        await().atMost(WAIT).until(() -> Instant.parse(certificate(app, web.get(0).name())).isBefore(issuedBefore.minus(Duration.ofHours(22))));
        await().atMost(WAIT).untilAsserted(() -> {
            KumaReports seen = new ClusterObserver(client).facts(profile).kumaReports();
            assertThat(seen).isNotNull();
            assertThat(List.of(seen.dataplanesTotal(), seen.dataplanesOffline(), seen.issuedFrom("ca-1"))).as("total, offline, issued")
                    .containsExactly(8L, 2L, 6L);
        });

        MutableClock clock = new MutableClock(Instant.now());
        ClusterObserver observer = new ClusterObserver(countingClient, 3, Duration.ofMinutes(1), clock);
        int before = INSIGHT_LISTS.get();
        KumaReports reported = observer.facts(profile).kumaReports();
        assertThat(INSIGHT_LISTS.get() - before).as("8 insights in pages of 3").isEqualTo(3);
        DataplaneInsightDigest digest = reported.insights();
        assertThat(digest.read()).isEqualTo(8);
        assertThat(digest.readAt()).isEqualTo(clock.instant());
        assertThat(digest.unrenewedCertificates().names()).containsExactly(app + "/" + web.get(0).name());
        assertThat(digest.soonestExpiry()).isAfter(clock.instant());
        assertThat(digest.disconnected().names()).containsExactlyInAnyOrder(app + "/" + web.get(5).name(), app + "/" + web.get(6).name());
        assertThat(digest.unsupportedKumaDp().names()).containsExactly(app + "/" + legacy.get(0).name() + " (2.9.0)");

        clock.advance(Duration.ofSeconds(59));
        assertThat(observer.facts(profile).kumaReports().insights()).as("within the interval: the last reading").isEqualTo(digest);
        assertThat(INSIGHT_LISTS.get() - before).isEqualTo(3);

        clock.advance(Duration.ofSeconds(1));
        reports.connect(web.get(5));
        await().atMost(WAIT).until(() -> at(ItSupport.dataplaneInsight(client, app, web.get(5).name()), "status.subscriptions[1].connectTime") != null);
        DataplaneInsightDigest next = observer.facts(profile).kumaReports().insights();
        assertThat(INSIGHT_LISTS.get() - before).as("a new reading after the interval").isEqualTo(6);
        assertThat(next.readAt()).isEqualTo(clock.instant());
        assertThat(next.disconnected().names()).containsExactly(app + "/" + web.get(6).name());
    }

    @Test
    void aHealthyMeshWithoutMtlsCostsNoInsightList() {
        String mesh = TestCluster.uniqueName("obs-healthy");
        String app = mesh + "-app";
        KumaProductionProfile profile = profile(mesh);
        mesh(mesh, false);
        TestCluster.get().standIn().reports().dataplanes("web").namespace(app).mesh(mesh).count(3).create();
        ClusterObserver observer = new ClusterObserver(countingClient, 3, Duration.ZERO, Clock.systemUTC());
        await().atMost(WAIT).until(() -> {
            KumaReports seen = observer.facts(profile).kumaReports();
            return seen != null && seen.dataplanesOnline() == 3;
        });
        int before = INSIGHT_LISTS.get();
        KumaReports reported = observer.facts(profile).kumaReports();
        assertThat(reported.insights()).isNull();
        assertThat(INSIGHT_LISTS.get()).as("no certificate, nobody offline, every kuma-dp supported").isEqualTo(before);
    }

    /** A profile of the mesh whose control plane (kumahq/kuma-cp:2.14.3) runs in its own system namespace. */
    private static KumaProductionProfile profile(String mesh) {
        String system = mesh + "-system";
        ClusterFixtures.namespace(client, system);
        ClusterFixtures.namespace(client, mesh + "-app");
        ItSupport.seedControlPlane(client, system, 1);
        return TestProfiles.fromSpec(mesh, """
                mesh: {name: %s}
                controlPlane: {systemNamespace: %s}
                """.formatted(mesh, system)).withDefaultedSpec();
    }

    private static void mesh(String name, boolean mtls) {
        Map<String, Object> spec = mtls
                ? Map.of("mtls", Map.of("enabledBackend", "ca-1", "backends", List.of(Map.of("name", "ca-1", "type", "builtin"))),
                        "skipCreatingInitialPolicies", List.of("*"))
                : Map.of("skipCreatingInitialPolicies", List.of("*"));
        Map<String, Object> body = Map.of("apiVersion", "kuma.io/v1alpha1", "kind", "Mesh", "metadata", Map.of("name", name), "spec", spec);
        client.genericKubernetesResources(KubeKinds.kuma("Mesh")).resource(Serialization.jsonMapper().convertValue(body, GenericKubernetesResource.class))
                .fieldManager("test").forceConflicts().serverSideApply();
    }

    /** The insight's lastCertificateRegeneration, null before the first certificate. */
    private static String certificate(String namespace, String name) {
        Map<String, Object> insight = ItSupport.dataplaneInsight(client, namespace, name);
        return insight == null ? null : (String) at(insight, "status.mTLS.lastCertificateRegeneration");
    }

}
