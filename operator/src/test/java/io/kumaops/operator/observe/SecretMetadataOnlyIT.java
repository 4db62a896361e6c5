package io.kumaops.operator.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.it.TestCluster;
import io.kumaops.operator.kube.MetadataOnly;
import io.kumaops.operator.model.ClusterObservation;
import io.kumaops.operator.support.TestProfiles;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * The observer learns whether Kuma's chart generated the control-plane TLS Secret from its metadata alone: every
 * request and every response body of an observation against the real API server is recorded, and none carries the
 * Secret's data.
 */
class SecretMetadataOnlyIT {

    /** What the API server sent back, by request ("GET /api/v1/…"), and the Accept header each request carried. */
    private static final class Recorder implements Interceptor {
        final Map<String, ByteArrayOutputStream> bodies = new ConcurrentHashMap<>();
        final Map<String, String> accepts = new ConcurrentHashMap<>();

        @Override
        public AsyncBody.Consumer<List<ByteBuffer>> consumer(AsyncBody.Consumer<List<ByteBuffer>> consumer, HttpRequest request) {
            String key = request.method() + " " + request.uri().getPath();
            accepts.put(key, String.valueOf(request.header("Accept")));
            ByteArrayOutputStream body = bodies.computeIfAbsent(key, k -> new ByteArrayOutputStream());
            return new AsyncBody.Consumer<>() {
                @Override
                public void consume(List<ByteBuffer> value, AsyncBody asyncBody) throws Exception {
                    for (ByteBuffer buffer : value) {
                        ByteBuffer copy = buffer.duplicate();
                        byte[] bytes = new byte[copy.remaining()];
                        copy.get(bytes);
                        synchronized (body) {
                            body.write(bytes);
                        }
                    }
                    consumer.consume(value, asyncBody);
                }

                @Override
                public <U> U unwrap(Class<U> target) {
                    return consumer.unwrap(target);
                }
            };
        }

        String body(String key) {
            ByteArrayOutputStream body = bodies.get(key);
            return body == null ? null : body.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void theTlsSecretIsReadAsMetadataAndItsDataNeverLeavesTheServer() {
        KubernetesClient admin = TestCluster.get().client();
        String name = TestCluster.uniqueName("obs-secret");
        String system = name + "-system";
        ClusterFixtures.namespace(admin, system);
        String marker = "KEY-MATERIAL-" + name;
        String encoded = Base64.getEncoder().encodeToString(marker.getBytes(StandardCharsets.UTF_8));
        admin.secrets().inNamespace(system).resource(new SecretBuilder()
                .withNewMetadata().withName("kuma-tls-cert").addToLabels("app.kubernetes.io/managed-by", "Helm").endMetadata()
                .withType("kubernetes.io/tls").addToStringData("tls.crt", marker).addToStringData("tls.key", marker).build())
                .serverSideApply();
        KumaProductionProfile profile = TestProfiles.fromSpec(name, """
                mesh: {name: %s}
                controlPlane: {systemNamespace: %s}
                """.formatted(name, system)).withDefaultedSpec();

        Recorder recorder = new Recorder();
        try (KubernetesClient recording = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(TestCluster.get().kubeconfigYaml()))
                .withHttpClientBuilderConsumer(builder -> builder.addOrReplaceInterceptor("recorder", recorder)).build()) {
            ClusterObservation observation = new ClusterObserver(recording).observe(profile);
            assertThat(observation.helmGeneratedControlPlaneTls()).as("the label is read").isTrue();
        }

        String secretRequest = "GET /api/v1/namespaces/" + system + "/secrets/kuma-tls-cert";
        recorder.bodies.forEach((request, body) -> assertThat(body.toString(StandardCharsets.UTF_8)).as("the answer to " + request)
                .doesNotContain(encoded).doesNotContain(marker));
        assertThat(recorder.body(secretRequest)).contains("\"kind\":\"PartialObjectMetadata\"").contains("app.kubernetes.io/managed-by")
                .doesNotContain("\"data\"");
        assertThat(recorder.accepts).containsEntry(secretRequest, MetadataOnly.ACCEPT);
        assertThat(recorder.bodies.keySet()).as("requests about Secrets").filteredOn(key -> key.contains("/secrets"))
                .containsExactly(secretRequest);
    }

    @Test
    void aMissingSecretIsNoHelmCertificate() {
        String name = TestCluster.uniqueName("obs-nosecret");
        String system = name + "-system";
        ClusterFixtures.namespace(TestCluster.get().client(), system);
        KumaProductionProfile profile = TestProfiles.fromSpec(name, """
                mesh: {name: %s}
                controlPlane: {systemNamespace: %s}
                """.formatted(name, system)).withDefaultedSpec();

        assertThat(new ClusterObserver(TestCluster.get().client()).observe(profile).helmGeneratedControlPlaneTls()).isFalse();
    }
}
