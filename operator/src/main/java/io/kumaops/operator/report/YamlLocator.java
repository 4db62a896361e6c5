package io.kumaops.operator.report;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a field path such as {@code spec.controlPlane.replicas}, {@code spec.suppress[0].code} or
 * {@code metadata.annotations[kumaops.io/suppress]} is written in one YAML document, as 1-based line and column in
 * the file, so reports can point editors and code scanning at the offending key rather than at the document.
 *
 * <p>Findings often name fields the file does not contain (a defaulted field, or an object of the live cluster):
 * those are placed at the nearest enclosing field that is written, else at the document's first line.
 */
public final class YamlLocator {

    /** A 1-based line and column in the file. */
    public record Position(int line, int column) {
    }

    /** The same separator ProfileLoader splits on, so documents and their start lines agree with the loader's. */
    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("^---(\\s.*)?$");
    private static final YAMLFactory YAML = new YAMLFactory();

    private final String text;
    private final int firstLine;
    private final List<List<Object>> roots;
    private Map<List<Object>, Position> positions;

    private YamlLocator(String text, int firstLine, List<List<Object>> roots) {
        this.text = text;
        this.firstLine = Math.max(1, firstLine);
        this.roots = roots;
    }

    /**
     * The document of {@code fileText} that starts at {@code documentLine} (as the loader reports it), up to the
     * next {@code ---} line.
     */
    public static YamlLocator forDocument(String fileText, int documentLine) {
        String[] lines = fileText.split("\r?\n", -1);
        StringBuilder document = new StringBuilder();
        for (int i = Math.max(1, documentLine) - 1; i < lines.length && !DOCUMENT_SEPARATOR.matcher(lines[i]).matches(); i++) {
            document.append(lines[i]).append('\n');
        }
        return new YamlLocator(document.toString(), documentLine, List.of(List.of()));
    }

    /**
     * This document, with paths also looked up below the given top-level fields: Kuma's validators name a Mesh's
     * fields without {@code spec.} ({@code mtls.backends}) and labels without {@code metadata.}.
     */
    public YamlLocator alsoUnder(String... fields) {
        List<List<Object>> more = new ArrayList<>(roots);
        for (String field : fields) {
            more.add(List.of(field));
        }
        return new YamlLocator(text, firstLine, List.copyOf(more));
    }

    /** The document's first line, column 1: where a finding goes that names nothing in the file. */
    public Position documentStart() {
        return new Position(firstLine, 1);
    }

    /** The key of the field (or the first token of the list element) the path names, if the file has it. */
    public Optional<Position> find(String path) {
        Optional<List<Object>> segments = parse(path);
        if (segments.isEmpty()) {
            return Optional.empty();
        }
        for (List<Object> root : roots) {
            Position position = positions().get(concat(root, segments.get()));
            if (position != null) {
                return Optional.of(position);
            }
        }
        return Optional.empty();
    }

    /** The path's position, else its nearest enclosing field written in the file, else the document's start. */
    public Position locate(String path) {
        Optional<List<Object>> segments = parse(path);
        if (segments.isEmpty()) {
            return documentStart();
        }
        List<Object> names = segments.get();
        for (int length = names.size(); length > 0; length--) {
            for (List<Object> root : roots) {
                Position position = positions().get(concat(root, names.subList(0, length)));
                if (position != null) {
                    return position;
                }
            }
        }
        return documentStart();
    }

    private Map<List<Object>, Position> positions() {
        if (positions == null) {
            Map<List<Object>, Position> found = new HashMap<>();
            try (JsonParser parser = YAML.createParser(text)) {
                if (parser.nextToken() != null) {
                    walk(parser, List.of(), found);
                }
            } catch (IOException | RuntimeException e) {
                // The loader has parsed this document already; should the text differ (a file changed since), keep
                // what was found and let the rest fall back to the document's start.
            }
            positions = found;
        }
        return positions;
    }

    /** Records the key of every field and the start of every list element below the parser's current token. */
    private void walk(JsonParser parser, List<Object> path, Map<List<Object>, Position> found) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT) {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                List<Object> child = concat(path, List.of(parser.currentName()));
                found.putIfAbsent(child, position(parser.currentTokenLocation()));
                parser.nextToken();
                walk(parser, child, found);
            }
        } else if (token == JsonToken.START_ARRAY) {
            int index = 0;
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                List<Object> child = concat(path, List.of(index++));
                found.putIfAbsent(child, position(parser.currentTokenLocation()));
                walk(parser, child, found);
            }
        }
    }

    private Position position(JsonLocation location) {
        return new Position(firstLine + location.getLineNr() - 1, Math.max(1, location.getColumnNr()));
    }

    /**
     * {@code a.b[0].c["k.e/y"]} as {@code [a, b, 0, c, k.e/y]}: an unquoted number in brackets is a list index,
     * anything else in brackets a map key. Empty for what is not a field path (e.g. {@code Deployment ns/name spec.replicas}).
     */
    static Optional<List<Object>> parse(String path) {
        if (path == null || path.isBlank()) {
            return Optional.empty();
        }
        List<Object> segments = new ArrayList<>();
        int i = 0;
        int n = path.length();
        while (i < n) {
            char c = path.charAt(i);
            if (c == '[') {
                int close = path.indexOf(']', i);
                if (close < 0) {
                    return Optional.empty();
                }
                String inside = path.substring(i + 1, close);
                if (inside.length() >= 2 && inside.startsWith("\"") && inside.endsWith("\"")) {
                    segments.add(inside.substring(1, inside.length() - 1));
                } else if (inside.matches("\\d+")) {
                    segments.add(Integer.parseInt(inside));
                } else if (!inside.isEmpty()) {
                    segments.add(inside);
                } else {
                    return Optional.empty();
                }
                i = close + 1;
            } else if (c == '.') {
                i++;
            } else {
                int end = i;
                while (end < n && path.charAt(end) != '.' && path.charAt(end) != '[') {
                    end++;
                }
                String name = path.substring(i, end);
                if (name.chars().anyMatch(Character::isWhitespace)) {
                    return Optional.empty();
                }
                segments.add(name);
                i = end;
            }
        }
        return segments.isEmpty() ? Optional.empty() : Optional.of(List.copyOf(segments));
    }

    private static List<Object> concat(List<Object> first, List<Object> second) {
        if (first.isEmpty()) {
            return second;
        }
        List<Object> joined = new ArrayList<>(first);
        joined.addAll(second);
        return List.copyOf(joined);
    }
}
