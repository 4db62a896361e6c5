package io.kumaops.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kumaops.operator.support.ProjectPaths;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.MDC;

/**
 * The jar's logback.xml with LOG_FORMAT=text and json: each is started in a logger context of its own, writes to a
 * captured stderr, and a JSON line parses as one object with the fields docs/operations.md#logs names.
 */
class LogFormatTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Starts logback.xml from the classpath with LOG_FORMAT set, logs through it, and returns what reached stderr. */
    private static List<String> log(String format, java.util.function.Consumer<Logger> body) throws Exception {
        URL config = LogFormatTest.class.getResource("/logback.xml");
        assertThat(config).as("logback.xml on the classpath").isNotNull();
        LoggerContext context = new LoggerContext();
        // MDC.put goes to SLF4J's adapter; this context reads the same one.
        context.setMDCAdapter(MDC.getMDCAdapter());
        context.putProperty("LOG_FORMAT", format);
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(config);
            body.accept(context.getLogger("io.kumaops.operator.reconcile.RolloutExecutor"));
        } finally {
            context.stop();
            System.setErr(stderr);
        }
        return captured.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void jsonIsOneObjectPerLineWithTheMessageFilledIn() throws Exception {
        List<String> lines = log("json", logger -> {
            MDC.put("resource.name", "payments");
            try {
                logger.info("profile {}: step {} applied {}", "payments", "1-mesh", "Mesh payments");
            } finally {
                MDC.clear();
            }
            logger.warn("reconcile failed: {}", "boom", new IllegalStateException("the API server is unreachable"));
            logger.debug("not logged at the default level");
        });

        assertThat(lines).hasSize(2);
        JsonNode info = JSON.readTree(lines.get(0));
        assertThat(info.path("level").asText()).isEqualTo("INFO");
        assertThat(info.path("loggerName").asText()).isEqualTo("io.kumaops.operator.reconcile.RolloutExecutor");
        assertThat(info.path("threadName").asText()).isEqualTo(Thread.currentThread().getName());
        assertThat(info.path("timestamp").isIntegralNumber()).as("timestamp in epoch milliseconds").isTrue();
        assertThat(info.path("timestamp").asLong()).isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(60_000L));
        assertThat(info.path("formattedMessage").asText()).isEqualTo("profile payments: step 1-mesh applied Mesh payments");
        assertThat(info.path("mdc").path("resource.name").asText()).isEqualTo("payments");
        assertThat(info.path("throwable").isNull()).isTrue();
        assertThat(fieldNames(info)).as("fields of a JSON line")
                .containsExactlyInAnyOrder("timestamp", "level", "threadName", "loggerName", "mdc", "formattedMessage", "throwable");

        JsonNode warn = JSON.readTree(lines.get(1));
        assertThat(warn.path("level").asText()).isEqualTo("WARN");
        assertThat(warn.path("formattedMessage").asText()).isEqualTo("reconcile failed: boom");
        assertThat(warn.path("throwable").path("className").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(warn.path("throwable").path("message").asText()).isEqualTo("the API server is unreachable");
    }

    @Test
    void textIsTheTimeTheLevelTheLoggerAndTheMessage() throws Exception {
        List<String> lines = log("text", logger -> logger.info("profile {}: step {} applied {}", "payments", "1-mesh", "Mesh payments"));

        assertThat(lines).singleElement().asString()
                .matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  i\\.k\\.o\\.r\\.RolloutExecutor - profile payments: step 1-mesh applied Mesh payments");
    }

    /** The example line in docs/operations.md#logs is a JSON object with exactly the fields the encoder writes. */
    @Test
    void theDocumentedExampleHasTheFieldsTheEncoderWrites() throws Exception {
        String page = Files.readString(ProjectPaths.root().resolve("docs/operations.md"));
        Matcher example = Pattern.compile("```json\\n(\\{.*})\\n```").matcher(page.substring(page.indexOf("\n## Logs\n")));
        assertThat(example.find()).as("docs/operations.md#logs has a ```json example line").isTrue();
        JsonNode documented = JSON.readTree(example.group(1));

        JsonNode written = JSON.readTree(log("json", logger -> logger.info("x")).get(0));
        assertThat(fieldNames(documented)).isEqualTo(fieldNames(written));
        Matcher fieldTable = Pattern.compile("(?m)^\\| `([a-zA-Z]+)` \\|").matcher(page.substring(page.indexOf("\n## Logs\n"),
                page.indexOf("\n## ", page.indexOf("\n## Logs\n") + 1)));
        Set<String> tabled = new TreeSet<>();
        while (fieldTable.find()) {
            tabled.add(fieldTable.group(1));
        }
        assertThat(tabled).as("fields in the table of docs/operations.md#logs").isEqualTo(fieldNames(written));
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
