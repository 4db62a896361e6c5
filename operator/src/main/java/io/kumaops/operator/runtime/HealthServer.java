package io.kumaops.operator.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Liveness (/healthz), readiness (/readyz) and Prometheus metrics (/metrics) over the JDK's HTTP server: three
 * fixed endpoints do not justify a web framework.
 */
public final class HealthServer implements AutoCloseable {

    private final HttpServer server;
    private volatile BooleanSupplier alive = () -> true;
    private volatile BooleanSupplier ready = () -> false;
    private volatile Supplier<String> metrics = () -> "";

    public HealthServer(String host, int port, BooleanSupplier alive, BooleanSupplier ready, Supplier<String> metrics) throws IOException {
        this(host, port);
        serve(alive, ready, metrics);
    }

    /**
     * Binds the port at once and answers alive but not ready until {@link #serve}: a port in use is then found before
     * anything else starts.
     */
    public HealthServer(String host, int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(host, port), 0);
        server.createContext("/healthz", exchange -> respond(exchange, alive.getAsBoolean(), "ok\n"));
        server.createContext("/readyz", exchange -> respond(exchange, ready.getAsBoolean(), "ok\n"));
        server.createContext("/metrics", exchange -> {
            byte[] body = metrics.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.setExecutor(Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "health-server");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
    }

    public void serve(BooleanSupplier newAlive, BooleanSupplier newReady, Supplier<String> newMetrics) {
        alive = newAlive;
        ready = newReady;
        metrics = newMetrics;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void respond(HttpExchange exchange, boolean ok, String text) throws IOException {
        byte[] body = (ok ? text : "not ready\n").getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(ok ? 200 : 503, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
