package io.kumaops.operator.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The Java models of Go's parsers answer as Go's standard library did (resources {@code kuma/go-parity/}). */
class GoParsingParityTest {

    @TestFactory
    Stream<DynamicTest> regexpCompile() {
        return parity("regexp.tsv", pattern -> {
            String error = GoRegexSyntax.error(pattern);
            return error == null ? "ok" : error;
        });
    }

    @TestFactory
    Stream<DynamicTest> templateParse() {
        return parity("template.tsv", template -> {
            String error = GoTemplateSyntax.error(template, Set.of("label"));
            return error == null ? "ok" : error;
        });
    }

    @TestFactory
    Stream<DynamicTest> timeParseDuration() {
        return parity("duration.tsv", text -> {
            io.kumaops.operator.model.GoDuration.Parsed parsed = io.kumaops.operator.model.GoDuration.parseResult(text);
            return parsed.ok() ? String.valueOf(parsed.duration().toNanos()) : parsed.error();
        });
    }

    @TestFactory
    Stream<DynamicTest> requestUriPort() {
        return parity("request-uri-port.tsv", url -> {
            String port = GoNetParsing.requestUriPort(url);
            return port == null ? "null" : "[" + port + "]";
        });
    }

    @TestFactory
    Stream<DynamicTest> splitHostPort() {
        return parity("split-host-port.tsv", address -> {
            String[] parts = GoNetParsing.splitHostPort(address);
            return parts == null ? "null" : "[" + parts[0] + "|" + parts[1] + "]";
        });
    }

    private static Stream<DynamicTest> parity(String file, Function<String, String> model) {
        return lines(file).stream().map(line -> {
            int tab = line.indexOf('\t');
            String written = line.substring(0, tab);
            String expected = line.substring(tab + 1);
            String input = written.equals("\"\"") ? "" : written.replace("\\n", "\n");
            return DynamicTest.dynamicTest(written, () -> assertThat(model.apply(input)).isEqualTo(expected));
        });
    }

    private static List<String> lines(String file) {
        try (InputStream in = GoParsingParityTest.class.getClassLoader().getResourceAsStream("kuma/go-parity/" + file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isEmpty()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
