package io.kumaops.operator.it;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.kube.KubeAccess;
import io.kumaops.operator.kube.KubeKinds;
import io.kumaops.operator.runtime.OperatorRunner;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * What the multi-phase rollout tests (CA rotation, canary, restrict, multi-zone, governance) share: a clock the
 * test moves, an operator that "crashes" right after a chosen write, and a log of writes in the API server's order.
 */
final class PhasedRolloutSupport {

    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private PhasedRolloutSupport() {
    }

    /**
     * Test options plus a short resync, so the operator notices soon when the test moves the clock. A clock only the
     * test moves cannot time the wait for Kuma's configuration refresh after a count, which is therefore zero here;
     * RolloutGatesIT and the rest of the tier time it on the real clock.
     */
    static OperatorRunner.Options options(Clock clock) {
        OperatorRunner.Options options = TestCluster.testOptions(Duration.ofMillis(300)).withClock(clock);
        return options.withSettings(options.settings().withPropagationWithoutDeployment(Duration.ZERO));
    }

    static TestCluster.RunningOperator start(TestCluster cluster, Clock clock) {
        return cluster.startOperator(options(clock));
    }

    /**
     * An operator whose process "dies" right after the {@code n}-th write matching {@code trigger}: that write reaches
     * the API server, every later write (its status update included) fails, as if the process had stopped there.
     */
    static TestCluster.RunningOperator startCrashingAfter(TestCluster cluster, Clock clock, int n, Predicate<HttpRequest> trigger,
                                                         CountDownLatch crashed) {
        AtomicInteger matches = new AtomicInteger();
        AtomicBoolean dead = new AtomicBoolean();
        Interceptor crash = new Interceptor() {
            @Override
            public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
                if (request.method().equals("GET")) {
                    return;
                }
                if (dead.get()) {
                    // Nothing written after the crash reaches the server: send it nowhere.
                    URI uri = request.uri();
                    builder.uri(URI.create(uri.getScheme() + "://" + uri.getAuthority() + "/apis/crashed.kumaops.test/v1/nothing"));
                    return;
                }
                if (trigger.test(request) && matches.incrementAndGet() == n) {
                    dead.set(true);
                    crashed.countDown();
                }
            }
        };
        KubernetesClient client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(cluster.kubeconfigYaml()))
                .withHttpClientBuilderConsumer(builder -> builder.addOrReplaceInterceptor("crash", crash)).build();
        return new TestCluster.RunningOperator(OperatorRunner.start(client, options(clock)), client);
    }

    /** A write request to a path ending in {@code pathSuffix} whose body contains every one of {@code fragments}. */
    static Predicate<HttpRequest> write(String pathSuffix, String... fragments) {
        return request -> {
            if (!request.uri().getPath().endsWith(pathSuffix)) {
                return false;
            }
            String body = request.bodyString() == null ? "" : request.bodyString();
            for (String fragment : fragments) {
                if (!body.contains(fragment)) {
                    return false;
                }
            }
            return true;
        };
    }

    static void awaitTrue(Duration timeout, java.util.concurrent.Callable<Boolean> condition) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(50)).until(condition);
    }

    /** One event of the API server about a watched object, with the etcd revision that orders all of them. */
    record Event(long revision, String type, String kind, String namespace, String name, Map<String, Object> object) {
        @SuppressWarnings("unchecked")
        Map<String, Object> spec() {
            return object.get("spec") instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> status() {
            return object.get("status") instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
        }

        Object at(String... path) {
            Object current = object;
            for (String key : path) {
                if (!(current instanceof Map<?, ?> map)) {
                    return null;
                }
                current = map.get(key);
            }
            return current;
        }

        @SuppressWarnings("unchecked")
        List<String> meshBackends() {
            Object backends = at("spec", "mtls", "backends");
            if (!(backends instanceof List<?> list)) {
                return List.of();
            }
            return list.stream().map(b -> (String) ((Map<String, Object>) b).get("name")).toList();
        }

        String enabledBackend() {
            return (String) at("spec", "mtls", "enabledBackend");
        }

        boolean is(String kind, String name) {
            return this.kind.equals(kind) && this.name.equals(name);
        }
    }

    /**
     * Watches kinds across namespaces from before the test writes anything and keeps the events that concern the
     * test (by a filter); sorted by resourceVersion they are the order in which the API server made the writes.
     * The profile itself is watched too, so status phases line up with the writes.
     */
    static final class EventLog implements AutoCloseable {
        private final List<Event> events = new CopyOnWriteArrayList<>();
        private final List<Watch> watches = new ArrayList<>();

        static EventLog start(KubernetesClient client, Predicate<Event> concerns, ResourceDefinitionContext... kinds) {
            EventLog log = new EventLog();
            List<ResourceDefinitionContext> all = new ArrayList<>(List.of(kinds));
            all.add(new ResourceDefinitionContext.Builder().withGroup(KumaProductionProfile.GROUP).withVersion(KumaProductionProfile.VERSION)
                    .withKind(KumaProductionProfile.KIND).withPlural("kumaproductionprofiles").withNamespaced(false).build());
            for (ResourceDefinitionContext kind : all) {
                Watcher<GenericKubernetesResource> watcher = new Watcher<>() {
                    @Override
                    public void eventReceived(Action action, GenericKubernetesResource resource) {
                        Event event = new Event(Long.parseLong(resource.getMetadata().getResourceVersion()), action.name(), kind.getKind(),
                                resource.getMetadata().getNamespace(), resource.getMetadata().getName(), KubeAccess.toMap(resource));
                        if (concerns.test(event)) {
                            log.events.add(event);
                        }
                    }

                    @Override
                    public void onClose(WatcherException cause) {
                    }
                };
                var operation = client.genericKubernetesResources(kind);
                log.watches.add(kind.isNamespaceScoped() ? operation.inAnyNamespace().watch(watcher) : operation.watch(watcher));
            }
            return log;
        }

        static ResourceDefinitionContext kuma(String kind) {
            return KubeKinds.kuma(kind);
        }

        static ResourceDefinitionContext of(String apiVersion, String kind) {
            return KubeKinds.context(apiVersion, kind);
        }

        List<Event> ordered() {
            List<Event> copy = new ArrayList<>(events);
            copy.sort(Comparator.comparingLong(Event::revision));
            return copy;
        }

        List<Event> ordered(Predicate<Event> which) {
            return ordered().stream().filter(which).toList();
        }

        long first(Predicate<Event> which) {
            return ordered().stream().filter(which).mapToLong(Event::revision).findFirst().orElse(Long.MAX_VALUE);
        }

        long last(Predicate<Event> which) {
            return ordered().stream().filter(which).mapToLong(Event::revision).max().orElse(-1);
        }

        long lastRevision() {
            return ordered().stream().mapToLong(Event::revision).max().orElse(0);
        }

        /** The profile's status values at {@code path}, in order, each once per change (what a watcher saw happen). */
        List<Object> statusSequence(String profile, String... path) {
            List<Object> sequence = new ArrayList<>();
            for (Event event : ordered(e -> e.kind().equals(KumaProductionProfile.KIND) && e.name().equals(profile))) {
                Object value = event.at(prefixed(path));
                if (value != null && (sequence.isEmpty() || !sequence.get(sequence.size() - 1).equals(value))) {
                    sequence.add(value);
                }
            }
            return sequence;
        }

        /** Revision of the first profile event whose status at {@code path} has {@code value}. */
        long firstStatus(String profile, Object value, String... path) {
            return first(e -> e.kind().equals(KumaProductionProfile.KIND) && e.name().equals(profile) && value.equals(e.at(prefixed(path))));
        }

        private static String[] prefixed(String... path) {
            String[] full = new String[path.length + 1];
            full[0] = "status";
            System.arraycopy(path, 0, full, 1, path.length);
            return full;
        }

        @Override
        public void close() {
            watches.forEach(Watch::close);
        }
    }
}
