package io.kumaops.operator.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.internal.SSLUtils;
import io.kumaops.operator.kube.KubeClients;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * A reverse proxy in front of the test tier's real kube-apiserver that answers a share of the requests with the
 * faults a busy API server gives: 409 on writes (an optimistic-concurrency conflict, not another field manager), 429
 * with Retry-After, 500, 503, a request held past the client's timeout (never forwarded), and watch streams closed
 * mid-way. Which request gets which fault comes from one seeded {@link Random}, so a run with the printed seed
 * decides the same way for the same sequence of requests. It speaks plain HTTP to its client and TLS with the
 * admin's credentials to the API server, and streams responses, so watches pass through as they arrive.
 */
public final class FaultProxy implements AutoCloseable {

    public enum Fault { CONFLICT, TOO_MANY_REQUESTS, INTERNAL_ERROR, UNAVAILABLE, TIMEOUT, DROPPED_WATCH }

    /** Faults a write may get; a read the same but the conflict; a watch is cut off. */
    private static final List<Fault> WRITE_FAULTS = List.of(Fault.CONFLICT, Fault.TOO_MANY_REQUESTS, Fault.INTERNAL_ERROR,
            Fault.UNAVAILABLE, Fault.TIMEOUT);
    private static final List<Fault> READ_FAULTS = List.of(Fault.TOO_MANY_REQUESTS, Fault.INTERNAL_ERROR, Fault.UNAVAILABLE, Fault.TIMEOUT);
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "expect", "host", "keep-alive", "te",
            "trailer", "transfer-encoding", "upgrade", "http2-settings", "proxy-connection");

    /**
     * @param rate              share of requests that get a fault, 0.01 … 0.20
     * @param seed              seed of the decisions, printed so a failing run can be repeated
     * @param retryAfterSeconds the Retry-After of a 429
     * @param hold              how long a timed-out request is held before its connection is closed unanswered: longer
     *                          than the client's request timeout
     */
    public record Settings(double rate, long seed, int retryAfterSeconds, Duration hold) {
        public Settings {
            if (rate < 0 || rate > 0.2) {
                throw new IllegalArgumentException("fault rate " + rate + ": between 0 and 0.2 (20 %)");
            }
        }
    }

    /** What one request was, as counted here. */
    private record Seen(long atMillis, Fault fault) {
    }

    private final HttpServer server;
    private final HttpClient upstream;
    private final URI upstreamUrl;
    private final Settings settings;
    private final Random random;
    private final ExecutorService workers = Executors.newCachedThreadPool(daemon("fault-proxy"));
    private final ScheduledExecutorService cutter = Executors.newSingleThreadScheduledExecutor(daemon("fault-proxy-cut"));
    private final AtomicLong requests = new AtomicLong();
    private final Map<Fault, AtomicLong> faults = new EnumMap<>(Fault.class);
    private final AtomicLong retries = new AtomicLong();
    /** The last fault answered per request line (method, path, query), to recognise the client's retry of it. */
    private final Map<String, Seen> lastFault = new ConcurrentHashMap<>();
    /** Shortest wait before a retry of a 429, in ms: what the client made of Retry-After. */
    private final AtomicLong shortestRetryAfter429 = new AtomicLong(Long.MAX_VALUE);
    private final Map<String, Pattern> profiles = new ConcurrentHashMap<>();
    private final Map<String, Map<Long, AtomicInteger>> perProfilePerSecond = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> perProfile = new ConcurrentHashMap<>();
    private volatile boolean injecting = true;

    private FaultProxy(HttpServer server, HttpClient upstream, URI upstreamUrl, Settings settings) {
        this.server = server;
        this.upstream = upstream;
        this.upstreamUrl = upstreamUrl;
        this.settings = settings;
        this.random = new Random(settings.seed());
        for (Fault fault : Fault.values()) {
            faults.put(fault, new AtomicLong());
        }
    }

    /** Listens on a free loopback port and forwards to the API server of {@code kubeconfig}, with its credentials. */
    public static FaultProxy start(String kubeconfig, Settings settings) {
        Config admin = Config.fromKubeconfig(kubeconfig);
        try {
            HttpClient upstream = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .sslContext(SSLUtils.sslContext(SSLUtils.keyManagers(admin), SSLUtils.trustManagers(admin)))
                    .connectTimeout(Duration.ofSeconds(5)).build();
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            FaultProxy proxy = new FaultProxy(server, upstream, URI.create(admin.getMasterUrl().replaceAll("/+$", "")), settings);
            server.setExecutor(proxy.workers);
            server.createContext("/", proxy::handle);
            server.start();
            return proxy;
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot start the fault proxy: " + e.getMessage(), e);
        }
    }

    /**
     * A client of the proxy, built as the operator builds its own ({@link KubeClients}): the admin's kubeconfig aimed at
     * it, watches as HTTP streams (a proxy of plain HTTP exchanges carries no WebSocket upgrade), a request timeout
     * shorter than the hold, and the client's retries as configured by default.
     */
    public KubernetesClient newClient(String kubeconfig, Duration requestTimeout) {
        Config config = Config.fromKubeconfig(kubeconfig);
        config.setMasterUrl("http://127.0.0.1:" + port());
        config.setOnlyHttpWatches(true);
        config.setRequestTimeout((int) requestTimeout.toMillis());
        return KubeClients.build(config);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Counts the requests whose path or query names this profile (its objects, namespace, Mesh and label selectors). */
    public void attribute(String profile) {
        profiles.put(profile, Pattern.compile(Pattern.quote(profile) + "(?![0-9])"));
    }

    /** Faults off (a clean end: the test reads what is left through a quiet proxy) or on again. */
    public void injecting(boolean on) {
        injecting = on;
    }

    public long requests() {
        return requests.get();
    }

    public Map<Fault, Long> faults() {
        Map<Fault, Long> copy = new EnumMap<>(Fault.class);
        faults.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    public long faultsInjected() {
        return faults.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /**
     * Requests that repeated, method, path and query, one that had just got a fault: the client's retries, and for
     * reads also another reader's request of the same path.
     */
    public long retries() {
        return retries.get();
    }

    /** The shortest time the client waited before repeating an update or delete answered 429; empty when none was. */
    public java.util.OptionalLong shortestWaitAfter429() {
        long shortest = shortestRetryAfter429.get();
        return shortest == Long.MAX_VALUE ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(shortest);
    }

    public long requestsFor(String profile) {
        AtomicLong count = perProfile.get(profile);
        return count == null ? 0 : count.get();
    }

    /** The most requests about this profile in any one second. */
    public int busiestSecondFor(String profile) {
        Map<Long, AtomicInteger> seconds = perProfilePerSecond.get(profile);
        return seconds == null ? 0 : seconds.values().stream().mapToInt(AtomicInteger::get).max().orElse(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String method = exchange.getRequestMethod();
            URI uri = exchange.getRequestURI();
            String query = uri.getRawQuery();
            boolean watch = query != null && Pattern.compile("(^|&)watch=(true|1)(&|$)").matcher(query).find();
            boolean write = !method.equals("GET") && !method.equals("HEAD");
            String line = method + " " + uri.getRawPath() + (query == null ? "" : "?" + query);
            long now = System.currentTimeMillis();
            requests.incrementAndGet();
            count(URLDecoder.decode(line, StandardCharsets.UTF_8), now);
            Seen previous = lastFault.remove(line);
            if (previous != null) {
                retries.incrementAndGet();
                // A pass writes one object at a time and a profile has one pass at a time, so the next identical update
                // or delete is the client's retry; an identical read may come from another reader (an informer).
                boolean update = method.equals("PATCH") || method.equals("PUT") || method.equals("DELETE");
                if (previous.fault() == Fault.TOO_MANY_REQUESTS && update) {
                    shortestRetryAfter429.accumulateAndGet(now - previous.atMillis(), Math::min);
                }
            }
            Decision decision = decide(watch, write);
            Fault fault = decision == null ? null : decision.fault();
            if (fault != null) {
                faults.get(fault).incrementAndGet();
                if (fault != Fault.DROPPED_WATCH) {
                    lastFault.put(line, new Seen(now, fault));
                    answerWith(exchange, fault, uri);
                    return;
                }
            }
            forward(exchange, method, uri, body, fault == Fault.DROPPED_WATCH ? Duration.ofMillis(200 + decision.pick() % 1800) : null);
        } finally {
            exchange.close();
        }
    }

    /** A fault and the draw that picked it (a dropped watch is cut that many ms, modulo, after it opened). */
    private record Decision(Fault fault, int pick) {
    }

    /** One draw per request, so the sequence of decisions depends on the seed and the sequence of requests alone. */
    private Decision decide(boolean watch, boolean write) {
        double draw;
        int pick;
        synchronized (random) {
            draw = random.nextDouble();
            pick = random.nextInt(1 << 16);
        }
        if (!injecting || draw >= settings.rate()) {
            return null;
        }
        if (watch) {
            return new Decision(Fault.DROPPED_WATCH, pick);
        }
        List<Fault> choices = write ? WRITE_FAULTS : READ_FAULTS;
        return new Decision(choices.get(pick % choices.size()), pick);
    }

    private void answerWith(HttpExchange exchange, Fault fault, URI uri) throws IOException {
        switch (fault) {
            case TIMEOUT -> {
                // Held past the client's timeout, then closed unanswered: the API server never saw it.
                sleep(settings.hold());
                return;
            }
            case TOO_MANY_REQUESTS -> exchange.getResponseHeaders().add("Retry-After", String.valueOf(settings.retryAfterSeconds()));
            default -> { }
        }
        int code = switch (fault) {
            case CONFLICT -> 409;
            case TOO_MANY_REQUESTS -> 429;
            case INTERNAL_ERROR -> 500;
            default -> 503;
        };
        String reason = switch (fault) {
            case CONFLICT -> "Conflict";
            case TOO_MANY_REQUESTS -> "TooManyRequests";
            case INTERNAL_ERROR -> "InternalError";
            default -> "ServiceUnavailable";
        };
        String message = switch (fault) {
            // What the API server says when an object changed between a read and a write: the writer should retry.
            case CONFLICT -> "Operation cannot be fulfilled on " + uri.getPath() + ": the object has been modified; please apply your"
                    + " changes to the latest version and try again";
            case TOO_MANY_REQUESTS -> "the server has received too many requests and has asked us to try again later";
            case INTERNAL_ERROR -> "an error on the server (\"etcdserver: request timed out\") has prevented the request from succeeding";
            default -> "the server is currently unable to handle the request";
        };
        byte[] status = ("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\""
                + message.replace("\"", "\\\"") + "\",\"reason\":\"" + reason + "\",\"code\":" + code + "}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(code, status.length);
        exchange.getResponseBody().write(status);
    }

    /** Forwards the request and streams the answer back; {@code cutAfter}, when given, ends the stream that long after it opened. */
    private void forward(HttpExchange exchange, String method, URI uri, byte[] body, Duration cutAfter) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(upstreamUrl + uri.getRawPath()
                        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())))
                .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
            }
        });
        HttpResponse<InputStream> response;
        try {
            response = upstream.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (IOException e) {
            return; // the API server went away (the tier shuts down): the client sees a closed connection
        }
        response.headers().map().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, new ArrayList<>(values));
            }
        });
        try (InputStream in = response.body()) {
            boolean empty = response.statusCode() == 204 || response.statusCode() == 304 || method.equals("HEAD");
            exchange.sendResponseHeaders(response.statusCode(), empty ? -1 : 0);
            if (empty) {
                return;
            }
            if (cutAfter != null) {
                // Some events through first, then the stream ends as a restarted API server or a load balancer ends it.
                cutter.schedule(() -> {
                    closeQuietly(in);
                    exchange.close();
                }, cutAfter.toMillis(), TimeUnit.MILLISECONDS);
            }
            OutputStream out = exchange.getResponseBody();
            byte[] buffer = new byte[8192];
            int read;
            while ((read = in.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException e) {
            // A stream cut here, or the client gone: nothing to answer.
        }
    }

    private void count(String line, long now) {
        for (Map.Entry<String, Pattern> profile : profiles.entrySet()) {
            if (profile.getValue().matcher(line).find()) {
                String name = profile.getKey();
                perProfile.computeIfAbsent(name, k -> new AtomicLong()).incrementAndGet();
                perProfilePerSecond.computeIfAbsent(name, k -> new ConcurrentHashMap<>())
                        .computeIfAbsent(now / 1000, k -> new AtomicInteger()).incrementAndGet();
            }
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // already closed
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger threads = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
        cutter.shutdownNow();
    }
}
