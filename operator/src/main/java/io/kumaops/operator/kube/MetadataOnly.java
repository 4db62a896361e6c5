package io.kumaops.operator.kube;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.kubernetes.client.utils.URLUtils;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads one object as {@code PartialObjectMetadata}: the API server answers with its metadata alone, so a Secret's
 * data never leaves the server. The request asks for nothing else (no fallback media type): a server that cannot
 * answer so refuses with 406 instead of sending the whole object. fabric8 7.5.2 has no typed call for this, so the
 * request goes through the client's own HTTP client, with its authentication.
 */
public final class MetadataOnly {

    /** The media type of a metadata-only answer (meta.k8s.io/v1 PartialObjectMetadata, served since Kubernetes 1.15). */
    public static final String ACCEPT = "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1";
    static final String KIND = "PartialObjectMetadata";

    private MetadataOnly() {
    }

    /** The metadata of a core Secret, or empty when there is none; an answer other than 200 or 404 throws. */
    public static Optional<ObjectMeta> secret(KubernetesClient client, String namespace, String name) {
        return get(client, URLUtils.join(client.getMasterUrl().toString(), "api", "v1", "namespaces", namespace, "secrets", name));
    }

    private static Optional<ObjectMeta> get(KubernetesClient client, String url) {
        HttpRequest request = client.getHttpClient().newHttpRequestBuilder().uri(url).header("Accept", ACCEPT).build();
        long timeout = Math.max(1, client.getConfiguration().getRequestTimeout());
        HttpResponse<String> response;
        try {
            response = client.getHttpClient().sendAsync(request, String.class).get(timeout, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KubernetesClientException("interrupted while reading the metadata of " + url, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new KubernetesClientException("cannot read the metadata of " + url + ": " + e.getMessage(), e);
        }
        if (response.code() == 404) {
            return Optional.empty();
        }
        if (response.code() != 200) {
            throw new KubernetesClientException("metadata of " + url + ": HTTP " + response.code(), response.code(), null);
        }
        try {
            JsonNode answer = Serialization.jsonMapper().readTree(response.body());
            if (!KIND.equals(answer.path("kind").asText())) {
                // Never look further into something that is not metadata alone.
                throw new KubernetesClientException("metadata of " + url + ": the API server answered with a "
                        + answer.path("kind").asText("body without a kind") + ", not " + KIND);
            }
            return Optional.of(Serialization.jsonMapper().treeToValue(answer.path("metadata"), ObjectMeta.class));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new KubernetesClientException("metadata of " + url + ": not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
