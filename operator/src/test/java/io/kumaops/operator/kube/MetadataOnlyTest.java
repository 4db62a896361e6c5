package io.kumaops.operator.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a metadata-only read makes of the API server's answers; the real server's answer is in SecretMetadataOnlyIT. */
@EnableKubernetesMockClient
class MetadataOnlyTest {

    private static final String PATH = "/api/v1/namespaces/kuma-system/secrets/kuma-tls-cert";

    KubernetesMockServer server;
    KubernetesClient client;

    @Test
    void asksForMetadataAloneAndReadsIt() throws Exception {
        server.expect().get().withPath(PATH).andReturn(200, Map.of("apiVersion", "meta.k8s.io/v1", "kind", "PartialObjectMetadata",
                "metadata", Map.of("name", "kuma-tls-cert", "labels", Map.of("app.kubernetes.io/managed-by", "Helm")))).once();

        assertThat(MetadataOnly.secret(client, "kuma-system", "kuma-tls-cert")).get()
                .satisfies(meta -> assertThat(meta.getLabels()).containsEntry("app.kubernetes.io/managed-by", "Helm"));
        assertThat(server.takeRequest().getHeader("Accept")).isEqualTo(MetadataOnly.ACCEPT);
    }

    @Test
    void aWholeObjectIsRefusedUnread() {
        server.expect().get().withPath(PATH).andReturn(200, Map.of("apiVersion", "v1", "kind", "Secret",
                "metadata", Map.of("name", "kuma-tls-cert"), "data", Map.of("tls.key", "c2VjcmV0"))).once();

        KubernetesClientException refused = catchThrowableOfType(KubernetesClientException.class,
                () -> MetadataOnly.secret(client, "kuma-system", "kuma-tls-cert"));
        assertThat(refused.getMessage()).contains("answered with a Secret, not PartialObjectMetadata").doesNotContain("c2VjcmV0");
    }

    @Test
    void missingIsEmptyAndRefusedKeepsItsCode() {
        assertThat(MetadataOnly.secret(client, "kuma-system", "kuma-tls-cert")).as("the mock answers 404").isEmpty();

        server.expect().get().withPath(PATH).andReturn(403, Map.of("kind", "Status", "code", 403)).once();
        assertThat(catchThrowableOfType(KubernetesClientException.class, () -> MetadataOnly.secret(client, "kuma-system", "kuma-tls-cert"))
                .getCode()).isEqualTo(403);
    }
}
