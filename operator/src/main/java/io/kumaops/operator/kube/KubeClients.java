package io.kumaops.operator.kube;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The one way the operator and the CLI build a Kubernetes client: fabric8's, with the API server's Retry-After honoured. */
public final class KubeClients {

    /** Longest wait taken from a Retry-After: past it the client's own back-off takes over. */
    static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(10);

    private KubeClients() {
    }

    public static KubernetesClient build(Config config) {
        return new KubernetesClientBuilder().withConfig(config)
                .withHttpClientBuilderConsumer(builder -> builder.addOrReplaceInterceptor("retry-after", new RetryAfter())).build();
    }

    /**
     * fabric8 7.5 retries a 429 or 5xx after its own exponential back-off (100 ms, 200 ms, …) and drops the
     * Retry-After it reads: the interval its retry check computes from the header is not the one it schedules. An API
     * server shedding load (API Priority and Fairness answers 429 with Retry-After) would get the retries sooner than
     * it asked. Here a failed response with Retry-After is re-sent once that time has passed, before fabric8's back-off.
     */
    static final class RetryAfter implements Interceptor {

        @Override
        public CompletableFuture<Boolean> afterFailure(HttpRequest.Builder builder, HttpResponse<?> response, RequestTags tags) {
            Duration wait = retryAfter(response);
            if (wait == null) {
                return CompletableFuture.completedFuture(false);
            }
            return CompletableFuture.supplyAsync(() -> true, CompletableFuture.delayedExecutor(wait.toMillis(), TimeUnit.MILLISECONDS));
        }

        /** The wait a 429 or 503 asks for, at most {@link #MAX_RETRY_AFTER}; null when it asks for none. */
        static Duration retryAfter(HttpResponse<?> response) {
            if (response.code() != 429 && response.code() != 503) {
                return null;
            }
            String value = response.header("Retry-After");
            if (value == null || value.isBlank()) {
                return null;
            }
            Duration wait;
            try {
                wait = Duration.ofSeconds(Long.parseLong(value.trim()));
            } catch (NumberFormatException notSeconds) {
                try {
                    wait = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME));
                } catch (DateTimeParseException notADate) {
                    return null;
                }
            }
            if (wait.isNegative() || wait.isZero()) {
                return null;
            }
            return wait.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : wait;
        }
    }
}
