package io.kumaops.operator.it;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Counts the requests a client sends, by kind of write, so tests and benchmarks can say how many writes it took. */
public final class RequestCounter implements Interceptor {

    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    /** Reads by resource (plural, e.g. "dataplanes"), watches apart; a paged list counts once per page. */
    private final Map<String, AtomicLong> readsByResource = new ConcurrentHashMap<>();

    public static KubernetesClient countingClient(String kubeconfig, RequestCounter counter) {
        return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig))
                .withHttpClientBuilderConsumer(builder -> builder.addOrReplaceInterceptor("request-counter", counter)).build();
    }

    @Override
    public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
        String category = category(request);
        counts.computeIfAbsent(category, k -> new AtomicLong()).incrementAndGet();
        if (category.equals("read")) {
            readsByResource.computeIfAbsent(readTarget(request), k -> new AtomicLong()).incrementAndGet();
        }
    }

    /**
     * What a GET reads: the resource's plural ({@code /apis/kuma.io/v1alpha1/namespaces/x/dataplanes} → dataplanes),
     * "discovery" for API discovery, with " (watch)" for a watch and " (next page)" for a list's continuation.
     */
    static String readTarget(HttpRequest request) {
        List<String> segments = java.util.Arrays.stream(request.uri().getPath().split("/")).filter(s -> !s.isEmpty()).toList();
        int start = segments.isEmpty() ? 0 : segments.get(0).equals("api") ? 2 : segments.get(0).equals("apis") ? 3 : segments.size();
        if (segments.size() <= start) {
            return "discovery";
        }
        List<String> rest = segments.subList(start, segments.size());
        String resource = rest.get(0).equals("namespaces") && rest.size() >= 3 ? rest.get(2) : rest.get(0);
        String query = request.uri().getRawQuery() == null ? "" : request.uri().getRawQuery();
        if (query.contains("watch=true")) {
            return resource + " (watch)";
        }
        return query.contains("continue=") && !query.contains("continue=&") && !query.endsWith("continue=") ? resource + " (next page)" : resource;
    }

    /** Reads so far by {@link #readTarget}, sorted. */
    public Map<String, Long> readsByResource() {
        Map<String, Long> copy = new java.util.TreeMap<>();
        readsByResource.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    /** "read", "status" (profile status writes), "event", "lease", or "resource" (writes to managed objects). */
    static String category(HttpRequest request) {
        if (request.method().equals("GET")) {
            return "read";
        }
        String path = request.uri().getPath();
        if (path.endsWith("/status")) {
            return "status";
        }
        if (path.contains("/events")) {
            return "event";
        }
        if (path.contains("/leases")) {
            return "lease";
        }
        if (path.contains("/kumaproductionprofiles")) {
            return "profile";
        }
        return "resource";
    }

    public long get(String category) {
        AtomicLong count = counts.get(category);
        return count == null ? 0 : count.get();
    }

    public long writes() {
        return counts.entrySet().stream().filter(e -> !e.getKey().equals("read")).mapToLong(e -> e.getValue().get()).sum();
    }

    public Map<String, Long> snapshot() {
        Map<String, Long> copy = new java.util.TreeMap<>();
        counts.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }
}
