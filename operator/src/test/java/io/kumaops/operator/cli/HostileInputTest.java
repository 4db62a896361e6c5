package io.kumaops.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kumaops.operator.support.ProjectPaths;
import io.kumaops.operator.support.TestProfiles;
import io.kumaops.operator.yaml.YamlStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;

/**
 * Hostile input, generated: the example profiles, and what render makes of them (Kuma's resources, which lint judges),
 * mutated — control characters, huge numbers, deep nesting, aliases,
 * duplicate keys, wrong types, injected documents and markup, truncation, random bytes — and run through {@code render},
 * {@code lint -o json} and {@code lint -o html} in-process. Whatever the input: no exception escapes, no run takes longer
 * than {@link #TIMEOUT_SECONDS}, the exit code is 0, 1 or 2, an exit 2 says on stderr which file and which field or line,
 * what {@code render} prints for exit 0 holds only objects of the operator, with names and labels Kubernetes accepts,
 * and lint's HTML page is one document that parses without an error and holds only the report's own elements.
 *
 * <p>Every {@code mvn test} tries {@code jqwik.tries.default} inputs (300, set from the POM property
 * {@code kumaops.hostile.tries}); a longer run: {@code mvn -B test -Dkumaops.skipApiServer=true
 * -Dtest=HostileInputTest -Dkumaops.hostile.tries=20000}. The figures are printed at the end
 * (docs/reliability.md).
 */
class HostileInputTest {

    static final int TIMEOUT_SECONDS = 20;

    private static final Map<String, String> EXAMPLES = new java.util.TreeMap<>();
    private static final AtomicLong TRIED = new AtomicLong();
    private static final AtomicLong RUNS = new AtomicLong();
    private static final AtomicLong CRASHES = new AtomicLong();
    private static final AtomicLong HANGS = new AtomicLong();
    private static final AtomicLong[] EXITS = {new AtomicLong(), new AtomicLong(), new AtomicLong()};
    private static final AtomicLong OTHER_EXITS = new AtomicLong();
    private static final AtomicLong HTML_PAGES = new AtomicLong();
    private static final AtomicLong ESCAPED_MARKUP_PAGES = new AtomicLong();
    private static final long STARTED = System.nanoTime();
    private static ExecutorService runner;
    private static Path workDir;

    /** A Kubernetes name as the API server takes it, and a label value. */
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");
    private static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?");
    /** The elements and attributes lint's HTML page is made of (HtmlReport): anything else came from the input. */
    private static final Set<String> REPORT_ELEMENTS = Set.of("#root", "html", "head", "meta", "title", "style", "body", "header",
            "h1", "h2", "h3", "p", "section", "nav", "table", "thead", "tbody", "tr", "th", "td", "a", "code", "main", "article",
            "span", "strong", "ol", "ul", "li", "div", "footer");
    private static final Set<String> REPORT_ATTRIBUTES = Set.of("lang", "charset", "http-equiv", "content", "name", "id", "class",
            "href", "rel", "data-kind", "data-name", "data-score", "data-ready", "data-severity", "data-code", "data-step", "data-state");
    /** Markup as the payloads write it, found in the page's text: the input's markup reached the page, as text. */
    private static final Pattern HTML_MARKUP = Pattern.compile("<(script|img|kpo-injected|/title|style)\\b");
    /** Where an exit 2 points: a line, or a field of the object. */
    private static final Pattern FIELD_OR_LINE = Pattern.compile("\\(line \\d+\\)|line \\d+\\)|\\b(spec|metadata|kind|apiVersion|status)\\b");

    @BeforeContainer
    static void setUp() throws IOException {
        for (Path example : TestProfiles.examples()) {
            EXAMPLES.put(example.getFileName().toString(), Files.readString(example));
            // What render makes of it too: Kuma's own resources, which lint puts to Kuma's admission.
            Path rendered = ProjectPaths.root().resolve("operator/src/test/resources/golden").resolve(example.getFileName());
            if (Files.exists(rendered)) {
                EXAMPLES.put("rendered/" + example.getFileName(), Files.readString(rendered));
            }
        }
        workDir = Files.createTempDirectory(ProjectPaths.root().resolve("operator/target").toAbsolutePath(), "hostile-");
        runner = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "hostile-input");
            thread.setDaemon(true);
            return thread;
        });
    }

    @AfterContainer
    static void report() throws IOException {
        runner.shutdownNow();
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - STARTED);
        System.out.printf("hostile inputs: %d tried (%d render/lint runs) in %d s: crashes %d, hangs %d, exit 0: %d, exit 1: %d,"
                        + " exit 2: %d, other exit codes: %d; HTML pages checked: %d (with the input's markup as text: %d)%n", TRIED.get(),
                RUNS.get(), seconds, CRASHES.get(), HANGS.get(), EXITS[0].get(), EXITS[1].get(), EXITS[2].get(), OTHER_EXITS.get(),
                HTML_PAGES.get(), ESCAPED_MARKUP_PAGES.get());
        try (var files = Files.walk(workDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Property(shrinking = net.jqwik.api.ShrinkingMode.BOUNDED)
    void neitherRenderNorLintCrashHangOrMisreport(@ForAll("hostileInputs") HostileInput input) throws Exception {
        Path file = write(input);
        try {
            for (List<String> command : List.of(List.of("render", "-f", file.toString()), List.of("lint", "-f", file.toString(), "-o", "json"),
                    List.of("lint", "-f", file.toString(), "-o", "html"))) {
                check(input, command, file);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * Markup in a suppression's reason, with up to two other mutations, through {@code lint -o html}: the checks of every
     * run, and with no other mutation the reason is on the page whole, as text.
     */
    @Property(shrinking = net.jqwik.api.ShrinkingMode.BOUNDED)
    void markupFromTheInputIsTextOnLintsHtmlPage(@ForAll("markupInputs") HostileInput input) throws Exception {
        Path file = write(input);
        try {
            CliRunner.Result result = check(input, List.of("lint", "-f", file.toString(), "-o", "html", "--fail-on", "never"), file);
            if (input.mutations().size() == 1 && !input.example().startsWith("rendered/")) {
                MarkupInReason markup = (MarkupInReason) input.mutations().get(0);
                assertThat(result.exitCode()).as(result.err()).isZero();
                Element suppressed = Jsoup.parse(result.out()).selectFirst("section.suppressed li.finding[data-code=DeprecatedMeshMtls]");
                assertThat(suppressed).as(input.toString()).isNotNull();
                assertThat(suppressed.select(".reason").text()).isEqualTo("Suppressed: " + markup.markup().text());
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static Path write(HostileInput input) throws IOException {
        TRIED.incrementAndGet();
        Path file = workDir.resolve("in-" + TRIED.get() + ".yaml");
        Files.write(file, input.bytes(EXAMPLES.get(input.example())));
        return file;
    }

    private static CliRunner.Result check(HostileInput input, List<String> args, Path file) throws Exception {
        RUNS.incrementAndGet();
        Future<CliRunner.Result> future = runner.submit(() -> CliRunner.run(args.toArray(String[]::new)));
        CliRunner.Result result;
        try {
            result = future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            HANGS.incrementAndGet();
            future.cancel(true);
            throw new AssertionError(args.get(0) + " took more than " + TIMEOUT_SECONDS + " s on " + input, e);
        } catch (ExecutionException e) {
            CRASHES.incrementAndGet();
            throw new AssertionError(args.get(0) + " threw " + e.getCause() + " on " + input, e.getCause());
        }
        int exit = result.exitCode();
        if (exit >= 0 && exit <= 2) {
            EXITS[exit].incrementAndGet();
        } else {
            OTHER_EXITS.incrementAndGet();
        }
        String what = args.get(0) + " exit " + exit + " on " + input + "\nstderr: " + result.err();
        if (result.err().contains("internal error") || result.err().contains("\tat ") || result.err().contains("Exception")) {
            CRASHES.incrementAndGet();
            throw new AssertionError("a crash reported at the boundary: " + what);
        }
        assertThat(exit).as(what).isIn(0, 1, 2);
        if (args.get(0).equals("render")) {
            assertThat(exit).as(what).isNotEqualTo(1);
        }
        if (exit == 2) {
            String err = result.err();
            assertThat(err).as(what).startsWith("error: ").contains(file.getFileName().toString());
            assertThat(FIELD_OR_LINE.matcher(err).find()).as("names a field or a line: " + what).isTrue();
            assertThat(result.out()).as(what).isEmpty();
        } else if (args.get(0).equals("render")) {
            checkRendered(result.out(), what);
        } else if (args.contains("html")) {
            checkHtmlPage(result.out(), what);
        } else {
            assertThat(result.out()).as(what).contains("\"findings\"");
        }
        return result;
    }

    /**
     * lint's page is one document an HTML5 parser reads without a single parse error, and every element in it is one
     * the report writes: whatever markup the input held arrived as text.
     */
    private static void checkHtmlPage(String out, String what) {
        HTML_PAGES.incrementAndGet();
        Parser parser = Parser.htmlParser().setTrackErrors(10);
        Document page = Jsoup.parse(out, "", parser);
        assertThat(parser.getErrors()).as("HTML parse errors: " + what).isEmpty();
        assertThat(out).as(what).startsWith("<!DOCTYPE html>\n<html lang=\"en\">").endsWith("</html>\n");
        assertThat(out.split("<html", -1)).as("one document: " + what).hasSize(2);
        assertThat(page.select("article.entry")).as(what).isNotEmpty();
        for (Element element : page.getAllElements()) {
            assertThat(element.normalName()).as("an element the report writes: " + what).isIn(REPORT_ELEMENTS);
            assertThat(element.attributes().asList()).as(what).allSatisfy(a -> assertThat(a.getKey()).isIn(REPORT_ATTRIBUTES));
        }
        if (HTML_MARKUP.matcher(page.text()).find()) {
            ESCAPED_MARKUP_PAGES.incrementAndGet();
        }
    }

    /** Everything render prints for a profile is the operator's: no injected object, names and labels within limits. */
    private static void checkRendered(String out, String what) throws Exception {
        for (String line : out.split("\n", -1)) {
            assertThat(line.chars().noneMatch(c -> c < 0x20 && c != '\t' || c == 0x85 || c == 0x2028 || c == 0x2029)).as(what).isTrue();
        }
        for (YamlStream.Document document : new YamlStream(Integer.MAX_VALUE - 1).readAll(out)) {
            if (document.isEmpty()) {
                continue;
            }
            JsonNode metadata = document.node().path("metadata");
            String name = metadata.path("name").asText();
            assertThat(name).as(what).hasSizeLessThanOrEqualTo(253).matches(DNS_SUBDOMAIN);
            // Each object the planner emits carries its profile and its step; an injected document would not.
            assertThat(metadata.path("labels").path("kumaops.io/profile").asText()).as(what).isNotEmpty();
            assertThat(metadata.path("annotations").path("kumaops.io/step").asText()).as(what).isNotEmpty();
            Iterator<Map.Entry<String, JsonNode>> labels = metadata.path("labels").fields();
            while (labels.hasNext()) {
                String value = labels.next().getValue().asText();
                assertThat(value).as(what).hasSizeLessThanOrEqualTo(63).matches(LABEL_VALUE);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The generator: an example and a few mutations, each drawn with its parameters so that jqwik can shrink them.

    /** One generated input: which example, and what was done to it. */
    record HostileInput(String example, List<Mutation> mutations) {

        byte[] bytes(String original) {
            String text = original;
            for (Mutation mutation : mutations) {
                if (!(mutation instanceof RandomBytes)) {
                    text = mutation.apply(text);
                }
            }
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            for (Mutation mutation : mutations) {
                if (mutation instanceof RandomBytes random) {
                    bytes = random.apply(bytes);
                }
            }
            return bytes;
        }

        @Override
        public String toString() {
            return example + " " + mutations;
        }
    }

    /** One change to a profile's text. {@code at} picks a line (or an offset) as a fraction of the text, 0..9999. */
    interface Mutation {
        default String apply(String text) {
            return text;
        }
    }

    private static List<String> lines(String text) {
        return new ArrayList<>(List.of(text.split("\n", -1)));
    }

    /** The index of a line with a value ({@code key: value}), picked by {@code at}; -1 when there is none. */
    private static int valueLine(List<String> lines, int at) {
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!line.stripLeading().startsWith("#") && line.contains(": ") && !line.endsWith(":")) {
                candidates.add(i);
            }
        }
        return candidates.isEmpty() ? -1 : candidates.get(at % candidates.size());
    }

    /** Replaces the value of the picked {@code key: value} line (flow mappings: the first value). */
    private static String replaceValue(String text, int at, String value) {
        return replaceValue(text, at, old -> value);
    }

    private static String replaceValue(String text, int at, java.util.function.UnaryOperator<String> value) {
        List<String> lines = lines(text);
        int index = valueLine(lines, at);
        if (index < 0) {
            return text;
        }
        String line = lines.get(index);
        int colon = line.indexOf(": ");
        int end = line.length();
        for (int i = colon + 2; i < line.length(); i++) {
            if (line.charAt(i) == ',' || line.charAt(i) == '}' || line.charAt(i) == ']' || line.charAt(i) == '#') {
                end = i;
                break;
            }
        }
        lines.set(index, line.substring(0, colon + 2) + value.apply(line.substring(colon + 2, end).strip()) + line.substring(end));
        return String.join("\n", lines);
    }

    record ControlCharacter(int at, char character, boolean quoted) implements Mutation {
        @Override
        public String apply(String text) {
            if (quoted) {
                // Appended to a value as an escape in a double-quoted scalar: valid YAML that carries the character
                // into the value, e.g. kumaVersion: "2.14\n".
                return replaceValue(text, at, old -> "\"" + old.replace("\"", "") + String.format("\\u%04x", (int) character) + "\"");
            }
            int offset = (int) ((long) at * text.length() / 10_000);
            return text.substring(0, offset) + character + text.substring(offset);
        }
    }

    record HugeNumber(int at, String number) implements Mutation {
        @Override
        public String apply(String text) {
            return replaceValue(text, at, number);
        }
    }

    record DeepNesting(int at, int depth, boolean flowSequence) implements Mutation {
        @Override
        public String apply(String text) {
            String value = flowSequence ? "[".repeat(depth) + "1" + "]".repeat(depth) : "{a: ".repeat(depth) + "1" + "}".repeat(depth);
            return replaceValue(text, at, value);
        }
    }

    record Alias(int anchorAt, int aliasAt, boolean bomb) implements Mutation {
        @Override
        public String apply(String text) {
            if (bomb) {
                StringBuilder laughs = new StringBuilder("x0: &a0 [lol]\n");
                for (int i = 1; i < 10; i++) {
                    laughs.append("x").append(i).append(": &a").append(i).append(" [")
                            .append(String.join(", ", java.util.Collections.nCopies(10, "*a" + (i - 1)))).append("]\n");
                }
                return text + "\n" + laughs;
            }
            List<String> lines = lines(text);
            int anchor = valueLine(lines, anchorAt);
            if (anchor < 0) {
                return text;
            }
            String line = lines.get(anchor);
            int colon = line.indexOf(": ");
            lines.set(anchor, line.substring(0, colon + 2) + "&n " + line.substring(colon + 2));
            return replaceValue(String.join("\n", lines), aliasAt, "*n");
        }
    }

    record DuplicateKey(int at) implements Mutation {
        @Override
        public String apply(String text) {
            List<String> lines = lines(text);
            int index = valueLine(lines, at);
            if (index >= 0) {
                lines.add(index + 1, lines.get(index));
            }
            return String.join("\n", lines);
        }
    }

    record WrongType(int at, String value) implements Mutation {
        @Override
        public String apply(String text) {
            return replaceValue(text, at, value);
        }
    }

    record Injection(int at, String payload) implements Mutation {
        @Override
        public String apply(String text) {
            return replaceValue(text, at, payload);
        }
    }

    /**
     * Markup where a profile takes free text that lint shows: the reason of a suppression of DeprecatedMeshMtls, which
     * every example raises. The inputs without a top-level {@code spec:} (Kuma's resources) are left as they are.
     */
    record MarkupInReason(Markup markup) implements Mutation {
        @Override
        public String apply(String text) {
            List<String> lines = lines(text);
            int spec = lines.indexOf("spec:");
            if (spec < 0) {
                return text;
            }
            lines.add(spec + 1, "  suppress: [{code: DeprecatedMeshMtls, reason: " + markup.yaml() + "}]");
            return String.join("\n", lines);
        }
    }

    /** Markup for lint's HTML page: the text, and the YAML scalar that holds it. */
    record Markup(String text, String yaml) {
        static Markup doubleQuoted(String text) {
            return new Markup(text, "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
        }

        @Override
        public String toString() {
            return yaml;
        }
    }

    /** A script, a handler after a quote that ends an attribute, the title's end, a comment, a style that hides the page. */
    private static final Arbitrary<Markup> MARKUP = Arbitraries.of(Stream.of("<script>document.title='owned'</script>",
            "x\"><img src=x onerror=alert(1)>", "</title><kpo-injected>", "<!-- &amp; ]]> <![CDATA[", "a<b&c>d\"e'f",
            "<style>body{display:none}</style>").map(Markup::doubleQuoted).toList());

    record LongString(int at, int length) implements Mutation {
        @Override
        public String apply(String text) {
            return replaceValue(text, at, "\"" + "x".repeat(length) + "\"");
        }
    }

    record Truncation(int at) implements Mutation {
        @Override
        public String apply(String text) {
            return text.substring(0, (int) ((long) at * text.length() / 10_000));
        }
    }

    record Structure(int at, String insert) implements Mutation {
        @Override
        public String apply(String text) {
            List<String> lines = lines(text);
            lines.add(at % (lines.size() + 1), insert);
            return String.join("\n", lines);
        }
    }

    record LineEnds(String lineEnd) implements Mutation {
        @Override
        public String apply(String text) {
            return text.replace("\n", lineEnd);
        }
    }

    record KeyTypo(int at) implements Mutation {
        @Override
        public String apply(String text) {
            List<String> lines = lines(text);
            int index = valueLine(lines, at);
            if (index < 0) {
                return text;
            }
            String line = lines.get(index);
            int colon = line.indexOf(": ");
            int start = line.length() - line.stripLeading().length();
            if (colon - start < 2) {
                return text;
            }
            // Drop one letter of the key: kind, apiVersion or a spec field misspelled.
            lines.set(index, line.substring(0, start + 1) + line.substring(start + 2));
            return String.join("\n", lines);
        }
    }

    record RandomBytes(int at, byte[] bytes) implements Mutation {
        byte[] apply(byte[] input) {
            int offset = (int) ((long) at * input.length / 10_000);
            byte[] out = new byte[input.length + bytes.length];
            System.arraycopy(input, 0, out, 0, offset);
            System.arraycopy(bytes, 0, out, offset, bytes.length);
            System.arraycopy(input, offset, out, offset + bytes.length, input.length - offset);
            return out;
        }

        @Override
        public String toString() {
            return "RandomBytes[at=" + at + ", bytes=" + java.util.HexFormat.of().formatHex(bytes) + "]";
        }
    }

    @Provide
    Arbitrary<HostileInput> hostileInputs() {
        Arbitrary<String> example = Arbitraries.of(List.copyOf(EXAMPLES.isEmpty() ? examples() : EXAMPLES.keySet()));
        return Combinators.combine(example, mutation().list().ofMinSize(1).ofMaxSize(3)).as(HostileInput::new);
    }

    @Provide
    Arbitrary<HostileInput> markupInputs() {
        Arbitrary<String> example = Arbitraries.of(List.copyOf(EXAMPLES.isEmpty() ? examples() : EXAMPLES.keySet()));
        return Combinators.combine(example, MARKUP.map(MarkupInReason::new), mutation().list().ofMaxSize(2))
                .as((name, markup, others) -> new HostileInput(name, Stream.concat(Stream.of(markup), others.stream()).toList()));
    }

    private static List<String> examples() {
        List<String> names = new ArrayList<>();
        for (Path example : TestProfiles.examples()) {
            names.add(example.getFileName().toString());
            names.add("rendered/" + example.getFileName());
        }
        return names;
    }

    private static Arbitrary<Integer> at() {
        return Arbitraries.integers().between(0, 9_999);
    }

    private static Arbitrary<Mutation> mutation() {
        Arbitrary<Character> controls = Arbitraries.of('\0', '\u0001', '\u0007', '\b', '\t', '\n', '\u000b', '\f', '\r', '\u001b',
                '\u007f', '\u0085', '\u00a0', '\u2028', '\u2029', '\ufeff', '\ufffe');
        Arbitrary<String> numbers = Arbitraries.of("1e30", "-1e30", "2147483647", "2147483648", "-2147483649", "4294967296",
                "9223372036854775807", "9223372036854775808", "1180591620717411303424", "1e999999999", "\"1e999999999\"", "0x7fffffff",
                "-0", "0.0000000000000000001", ".inf", "-.inf", ".nan", "\"1e30\"", "\"9223372036854775808\"", "\"1180591620717411303424\"",
                "9999999999999999h", "\"2562048h\"", "\"300y\"", "\"999.999.999.999/99\"", "\"\"");
        Arbitrary<String> wrongTypes = Arbitraries.of("[]", "{}", "true", "null", "~", "3.5", "\"text\"", "[1, 2]", "{a: b}", "-", "''",
                "!!binary aGVsbG8=", "!!str 5", "!!int x", "? complex key", "|\n  block\n  text", ">-\n  folded");
        Arbitrary<String> payloads = Arbitraries.of(
                "\"x\\n---\\napiVersion: v1\\nkind: ConfigMap\\nmetadata: {name: injected, namespace: kube-system}\\n#\"",
                "\"x\\r\\n---\\r\\nkind: Secret\"", "\"a\\u2028b\"", "\"a\\u0085b\"", "\"ops\\\") || true || (\\\"\"",
                "\"user:pass@db.example.com\"", "\"-----BEGIN PRIVATE KEY-----\\nMIIE\\n-----END PRIVATE KEY-----\"",
                "\"grpcs://admin:secret@kds:5685\"", "\"$(touch /tmp/x)\"", "\"{{ .Values.x }}\"", "\"../../etc/passwd\"",
                "\"" + "a".repeat(64) + "\"", "\"" + "a".repeat(254) + "\"", "\"A_B\"", "\"-x-\"", "\"x.\"", "\"ĸuma\"");
        Arbitrary<String> structures = Arbitraries.of("---", "...", "--- |", "--- {}", "--- []", "%YAML 1.2", "%TAG ! tag:x,2000:",
                "{", "}", "[", "- item", "? key", ": value", "\t", "  bad: indentation", "key: [unclosed", "\"unclosed", "&anchor",
                "*undefined", "!!python/object:os.system ['id']", "!custom {a: 1}", "{\"a\": 1}{\"b\": 2}", "<<: *base");
        return Arbitraries.oneOf(
                Combinators.combine(at(), controls, Arbitraries.of(true, false)).as(ControlCharacter::new),
                Combinators.combine(at(), numbers).as(HugeNumber::new),
                Combinators.combine(at(), Arbitraries.integers().between(2, 3_000), Arbitraries.of(true, false)).as(DeepNesting::new),
                Combinators.combine(at(), at(), Arbitraries.of(false, false, true)).as(Alias::new),
                at().map(DuplicateKey::new),
                Combinators.combine(at(), wrongTypes).as(WrongType::new),
                Combinators.combine(at(), Arbitraries.oneOf(payloads, MARKUP.map(Markup::yaml))).as(Injection::new),
                MARKUP.map(MarkupInReason::new),
                Combinators.combine(at(), Arbitraries.integers().between(1_000, 500_000)).as(LongString::new),
                at().map(Truncation::new),
                Combinators.combine(at(), structures).as(Structure::new),
                Arbitraries.of("\r", "\r\n", "\n\n", "\u0085", "\u2028").map(LineEnds::new),
                at().map(KeyTypo::new),
                Combinators.combine(at(), Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(16)).as(RandomBytes::new));
    }

    static {
        if (!Files.isDirectory(ProjectPaths.root().resolve("examples"))) {
            throw new UncheckedIOException(new IOException("examples/ not found from " + ProjectPaths.root()));
        }
    }
}
