package io.kumaops.operator.it;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Counts the requests a client sends, by kind of write, so tests and benchmarks can say how many writes it took. */
public final class RequestCounter implements Interceptor {

    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

    public static KubernetesClient countingClient(String kubeconfig, RequestCounter counter) {
        return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig))
                .withHttpClientBuilderConsumer(builder -> builder.addOrReplaceInterceptor("request-counter", counter)).build();
    }

    @Override
    public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
        counts.computeIfAbsent(category(request), k -> new AtomicLong()).incrementAndGet();
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
