package io.kumaops.operator.standin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.kumaops.operator.admission.AdmissionTarget;
import io.kumaops.operator.admission.KumaAdmission;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kuma's validating admission webhook served over HTTPS on 127.0.0.1, at Kuma's path
 * ({@code /validate-kuma-io-v1alpha1}, Kuma {@code pkg/plugins/runtime/k8s/plugin.go}). Stopping it closes the port,
 * as a stopped control plane does: the API server then cannot reach the webhook at all.
 */
final class AdmissionWebhookServer {

    static final String PATH = "/validate-kuma-io-v1alpha1";
    private static final Logger LOG = LoggerFactory.getLogger(AdmissionWebhookServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebhookCertificate certificate;
    private final Supplier<AdmissionTarget> target;
    private final BooleanSupplier judging;
    private final KumaAdmission admission = KumaAdmission.standard();
    private final AtomicLong reviews = new AtomicLong();
    private HttpsServer server;
    private ExecutorService executor;
    private int port;

    /**
     * @param judging false while the stand-in admits everything unjudged (objects seeded as if they predated the webhook)
     */
    AdmissionWebhookServer(WebhookCertificate certificate, Supplier<AdmissionTarget> target, BooleanSupplier judging) {
        this.certificate = certificate;
        this.target = target;
        this.judging = judging;
    }

    /** Listens on {@code preferredPort} (0: any free one), or on a free port when that one is taken; returns the port. */
    synchronized int start(int preferredPort) {
        if (server != null) {
            return port;
        }
        HttpsServer created;
        try {
            created = bind(preferredPort);
        } catch (BindException e) {
            LOG.info("port {} is taken; the stand-in's webhook listens on another one", preferredPort);
            try {
                created = bind(0);
            } catch (IOException again) {
                throw new UncheckedIOException(again);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        created.setHttpsConfigurator(new HttpsConfigurator(certificate.serverContext()));
        created.createContext(PATH, this::handle);
        AtomicInteger threads = new AtomicInteger();
        executor = Executors.newFixedThreadPool(4, r -> {
            Thread thread = new Thread(r, "kuma-stand-in-webhook-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        created.setExecutor(executor);
        created.start();
        server = created;
        port = created.getAddress().getPort();
        return port;
    }

    private static HttpsServer bind(int port) throws IOException {
        return HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    }

    synchronized void stop() {
        if (server == null) {
            return;
        }
        server.stop(0);
        executor.shutdownNow();
        server = null;
        executor = null;
    }

    synchronized boolean running() {
        return server != null;
    }

    synchronized int port() {
        return port;
    }

    /** How many reviews the webhook has answered since it was made. */
    long reviews() {
        return reviews.get();
    }

    @SuppressWarnings("unchecked")
    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            Map<String, Object> review;
            try (InputStream in = exchange.getRequestBody()) {
                review = JSON.readValue(in, Map.class);
            } catch (IOException e) {
                byte[] body = ("cannot decode the AdmissionReview: " + e.getMessage()).getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(400, body.length);
                exchange.getResponseBody().write(body);
                return;
            }
            Map<String, Object> answer;
            try {
                answer = judging.getAsBoolean()
                        ? AdmissionReviews.answer(review, target.get(), admission)
                        : AdmissionReviews.allowed(((Map<String, Object>) review.getOrDefault("request", Map.of())).get("uid"), java.util.List.of());
            } catch (RuntimeException e) {
                // A bug of the model must not pass for Kuma's judgement: answer 500, which failurePolicy Fail turns into a refusal.
                LOG.error("the stand-in's admission failed on a review", e);
                byte[] body = ("stand-in admission failed: " + e).getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(500, body.length);
                exchange.getResponseBody().write(body);
                return;
            }
            reviews.incrementAndGet();
            byte[] body = JSON.writeValueAsBytes(answer);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
