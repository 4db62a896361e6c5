package io.kumaops.operator.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The operator's client waits as long as an API server's 429 asks (Retry-After) before it sends the request again. */
class KubeClientsTest {

    private static final String NAMESPACE = "{\"kind\":\"Namespace\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"kuma-system\"}}";

    private HttpServer server;
    private final List<Long> requestMillis = new CopyOnWriteArrayList<>();
    private volatile String firstAnswerRetryAfter;
    private volatile int firstAnswerCode;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requestMillis.add(System.currentTimeMillis());
            boolean first = requestMillis.size() == 1;
            byte[] body = (first ? "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":" + firstAnswerCode + "}" : NAMESPACE)
                    .getBytes(StandardCharsets.UTF_8);
            if (first && firstAnswerRetryAfter != null) {
                exchange.getResponseHeaders().add("Retry-After", firstAnswerRetryAfter);
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(first ? firstAnswerCode : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private long msBeforeTheSecondRequest(int code, String retryAfter) {
        firstAnswerCode = code;
        firstAnswerRetryAfter = retryAfter;
        Config config = new ConfigBuilder().withMasterUrl("http://127.0.0.1:" + server.getAddress().getPort()).build();
        try (KubernetesClient client = KubeClients.build(config)) {
            assertThat(client.namespaces().withName("kuma-system").get().getMetadata().getName()).isEqualTo("kuma-system");
        }
        assertThat(requestMillis).hasSize(2);
        return requestMillis.get(1) - requestMillis.get(0);
    }

    @Test
    void a429IsSentAgainOnlyAfterItsRetryAfter() {
        // fabric8's own back-off alone would send it again after about 100 ms.
        assertThat(msBeforeTheSecondRequest(429, "3")).isGreaterThanOrEqualTo(3000);
    }

    @Test
    void a503WithRetryAfterWaitsToo() {
        assertThat(msBeforeTheSecondRequest(503, "3")).isGreaterThanOrEqualTo(3000);
    }

    @Test
    void withoutRetryAfterTheClientsOwnBackOffApplies() {
        assertThat(msBeforeTheSecondRequest(500, null)).isLessThan(3000);
    }

    @Test
    void theWaitIsTheHeadersSecondsOrDateCappedAndNothingElse() {
        assertThat(KubeClients.RetryAfter.retryAfter(response(429, "3"))).isEqualTo(java.time.Duration.ofSeconds(3));
        assertThat(KubeClients.RetryAfter.retryAfter(response(429, "3600"))).as("capped").isEqualTo(KubeClients.MAX_RETRY_AFTER);
        String inFiveSeconds = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC)
                .plusSeconds(5));
        assertThat(KubeClients.RetryAfter.retryAfter(response(429, inFiveSeconds))).isBetween(java.time.Duration.ofSeconds(3),
                java.time.Duration.ofSeconds(5));
        assertThat(KubeClients.RetryAfter.retryAfter(response(429, "soon"))).isNull();
        assertThat(KubeClients.RetryAfter.retryAfter(response(429, "0"))).isNull();
        assertThat(KubeClients.RetryAfter.retryAfter(response(500, "3"))).as("only 429 and 503 ask to wait").isNull();
        assertThat(KubeClients.RetryAfter.retryAfter(response(429, null))).isNull();
    }

    private static io.fabric8.kubernetes.client.http.HttpResponse<?> response(int code, String retryAfter) {
        return new Answer(code, retryAfter);
    }

    /** A response as the interceptor sees it: its code and its Retry-After. */
    private record Answer(int code, String retryAfter) implements io.fabric8.kubernetes.client.http.HttpResponse<Object> {
        @Override
        public List<String> headers(String key) {
            return key.equalsIgnoreCase("Retry-After") && retryAfter != null ? List.of(retryAfter) : List.of();
        }

        @Override
        public java.util.Map<String, List<String>> headers() {
            return retryAfter == null ? java.util.Map.of() : java.util.Map.of("Retry-After", List.of(retryAfter));
        }

        @Override
        public Object body() {
            return null;
        }

        @Override
        public io.fabric8.kubernetes.client.http.HttpRequest request() {
            return null;
        }

        @Override
        public java.util.Optional<io.fabric8.kubernetes.client.http.HttpResponse<?>> previousResponse() {
            return java.util.Optional.empty();
        }
    }
}
