package io.kumaops.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.HttpLoggingInterceptor;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The jar's logback.xml at ROOT_LOG_LEVEL=TRACE and LOG_LEVEL=TRACE, as the process's own logging: a client with a
 * known bearer token reads and writes a Secret on a mock server, and neither the token nor the Secret's data reaches
 * the log, while TRACE lines of everything else still do.
 */
class TraceLoggingRedactionTest {

    private static final String TOKEN = "sha256~kpo-test-token-4f1c2b9e";
    private static final String KEY = "KEY-MATERIAL-7d3a";
    private static final String PATH = "/api/v1/namespaces/kuma-system/secrets";

    @Test
    void atTraceNeitherTheBearerTokenNorSecretDataIsLogged() throws Exception {
        String encodedKey = Base64.getEncoder().encodeToString(KEY.getBytes(StandardCharsets.UTF_8));
        Secret stored = new SecretBuilder().withNewMetadata().withName("kuma-tls-cert").withNamespace("kuma-system").endMetadata()
                .addToData("tls.key", encodedKey).build();
        KubernetesMockServer server = new KubernetesMockServer(false);
        server.init();
        server.expect().get().withPath(PATH + "/kuma-tls-cert").andReturn(200, stored).always();
        server.expect().post().withPath(PATH).andReturn(201, stored).always();

        boolean[] wireLogging = new boolean[1];
        String log = logAtTrace(() -> {
            Config config = new ConfigBuilder(Config.empty()).withMasterUrl(server.url("/")).withOauthToken(TOKEN)
                    .withRequestRetryBackoffLimit(0).build();
            try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
                assertThat(client.secrets().inNamespace("kuma-system").withName("kuma-tls-cert").get().getData())
                        .as("the secret came back whole: there was something to leak").containsEntry("tls.key", encodedKey);
                client.secrets().inNamespace("kuma-system").resource(new SecretBuilder().withNewMetadata().withName("new")
                        .endMetadata().addToStringData("tls.key", KEY).build()).create();
            }
            LoggerFactory.getLogger("io.kumaops.operator.reconcile.RolloutExecutor").trace("trace of the operator");
            LoggerFactory.getLogger("io.javaoperatorsdk.operator.processing.Controller").trace("trace of a library");
            wireLogging[0] = LoggerFactory.getLogger(HttpLoggingInterceptor.class).isTraceEnabled();
        });
        server.destroy();

        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(log).as("TRACE is on for everything else").contains("trace of the operator").contains("trace of a library");
        assertThat(log).doesNotContain(TOKEN).doesNotContain("Bearer").doesNotContain(KEY).doesNotContain(encodedKey);
        assertThat(wireLogging[0]).as("fabric8 installs its wire logging only when its logger is at TRACE").isFalse();
    }

    @Test
    void onlyTheHttpLoggersAreCapped() {
        assertThat(HttpTraceCap.capped(HttpLoggingInterceptor.class.getName())).isTrue();
        assertThat(HttpTraceCap.capped("io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientImpl")).isTrue();
        assertThat(HttpTraceCap.capped("io.fabric8.kubernetes.client.httpx")).as("a package boundary, not a prefix").isFalse();
        assertThat(HttpTraceCap.capped("io.fabric8.kubernetes.client.informers.impl.cache.Reflector")).isFalse();
        assertThat(HttpTraceCap.capped("io.kumaops.operator.kube.KubeAccess")).isFalse();
    }

    /** Runs the body with the process's logging configured from logback.xml at TRACE; returns what reached stderr. */
    private static String logAtTrace(Runnable body) throws Exception {
        URL config = TraceLoggingRedactionTest.class.getResource("/logback.xml");
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            configure(context, config, Map.of("ROOT_LOG_LEVEL", "TRACE", "LOG_LEVEL", "TRACE"));
            body.run();
        } finally {
            // Back to what every other test in this JVM runs with.
            configure(context, config, Map.of());
            System.setErr(stderr);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    private static void configure(LoggerContext context, URL config, Map<String, String> properties) throws Exception {
        context.reset();
        properties.forEach(context::putProperty);
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(config);
    }
}
