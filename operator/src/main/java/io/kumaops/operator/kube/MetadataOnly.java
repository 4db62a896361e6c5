package io.kumaops.operator.kube;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.kubernetes.client.utils.URLUtils;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Reads objects as {@code PartialObjectMetadata}: the API server answers with their metadata alone, so a Secret's
 * data or a pod's spec never leaves the server. The request asks for nothing else (no fallback media type): a server that cannot
 * answer so refuses with 406 instead of sending the whole object. fabric8 7.5.2 has no typed call for this, so the
 * request goes through the client's own HTTP client, with its authentication.
 */
public final class MetadataOnly {

    /** The media type of a metadata-only answer (meta.k8s.io/v1 PartialObjectMetadata, served since Kubernetes 1.15). */
    public static final String ACCEPT = "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1";
    static final String KIND = "PartialObjectMetadata";
    /** The media type of a metadata-only list (meta.k8s.io/v1 PartialObjectMetadataList). */
    public static final String ACCEPT_LIST = "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1";
    static final String LIST_KIND = "PartialObjectMetadataList";

    private MetadataOnly() {
    }

    /** The metadata of a core Secret, or empty when there is none; an answer other than 200 or 404 throws. */
    public static Optional<ObjectMeta> secret(KubernetesClient client, String namespace, String name) {
        return get(client, URLUtils.join(client.getMasterUrl().toString(), "api", "v1", "namespaces", namespace, "secrets", name));
    }

    /**
     * Every pod of the cluster as metadata alone, page by page ({@code limit} and {@code continue}): names, labels and
     * annotations, never a pod's spec (its env may hold secrets). An answer other than 200 throws, with its code.
     */
    public static void pods(KubernetesClient client, long pageSize, Consumer<ObjectMeta> each) {
        String base = URLUtils.join(client.getMasterUrl().toString(), "api", "v1", "pods");
        String continueToken = null;
        do {
            String url = base + "?limit=" + pageSize + (continueToken == null ? ""
                    : "&continue=" + URLEncoder.encode(continueToken, StandardCharsets.UTF_8));
            JsonNode page = send(client, url, ACCEPT_LIST, LIST_KIND).orElseThrow(
                    () -> new KubernetesClientException("metadata of " + base + ": HTTP 404", 404, null));
            for (JsonNode item : page.path("items")) {
                each.accept(meta(url, item.path("metadata")));
            }
            continueToken = page.path("metadata").path("continue").asText("");
        } while (!continueToken.isEmpty());
    }

    private static Optional<ObjectMeta> get(KubernetesClient client, String url) {
        return send(client, url, ACCEPT, KIND).map(answer -> meta(url, answer.path("metadata")));
    }

    private static ObjectMeta meta(String url, JsonNode metadata) {
        try {
            return Serialization.jsonMapper().treeToValue(metadata, ObjectMeta.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new KubernetesClientException("metadata of " + url + ": not metadata: " + e.getOriginalMessage(), e);
        }
    }

    /** The answer to a metadata-only request of the given kind, or empty on 404; any other answer throws. */
    private static Optional<JsonNode> send(KubernetesClient client, String url, String accept, String kind) {
        HttpRequest request = client.getHttpClient().newHttpRequestBuilder().uri(url).header("Accept", accept).build();
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
        JsonNode answer;
        try {
            answer = Serialization.jsonMapper().readTree(response.body());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new KubernetesClientException("metadata of " + url + ": not JSON: " + e.getOriginalMessage(), e);
        }
        if (!kind.equals(answer.path("kind").asText())) {
            // Never look further into something that is not metadata alone.
            throw new KubernetesClientException("metadata of " + url + ": the API server answered with a "
                    + answer.path("kind").asText("body without a kind") + ", not " + kind);
        }
        return Optional.of(answer);
    }
}
