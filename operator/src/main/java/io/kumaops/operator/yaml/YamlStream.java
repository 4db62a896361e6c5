package io.kumaops.operator.yaml;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.kumaops.operator.model.Quoted;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.reader.ReaderException;

/**
 * The one reader of YAML and JSON that users hand us (profiles, Kuma resources, CRD files): a multi-document stream
 * read by Jackson's YAML parser as YAML defines it — {@code ---} and {@code ...} markers wherever they stand, any line
 * ends, JSON as a YAML document — one document at a time, each with its 1-based index and the line it starts on.
 * Stricter than YAML where a lenient reading would silently change what was meant:
 * <ul>
 *   <li>a key given twice in one mapping is an error (YAML leaves it to the reader; Jackson keeps the last);</li>
 *   <li>aliases ({@code *name}) are refused: Jackson's tree reads them as the anchor's name, not its value;</li>
 *   <li>text after a document that is not a new document ({@code {...}{...}}, trailing garbage) is an error;</li>
 *   <li>nesting is bounded, so no input can exhaust the stack of whatever walks the tree.</li>
 * </ul>
 */
public final class YamlStream {

    /** Deeper than any profile, Kuma resource or CRD schema needs; bounds every recursive walk of the tree. */
    public static final int MAX_NESTING_DEPTH = 100;

    private final YAMLFactory factory;
    private final ObjectMapper mapper;

    /** @param maxCharacters the longest text read at all (SnakeYAML refuses more; callers check bytes first) */
    public YamlStream(int maxCharacters) {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(Math.max(maxCharacters, 1));
        factory = YAMLFactory.builder()
                .loaderOptions(options)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
                .build();
        mapper = new ObjectMapper(factory);
    }

    /** One document of the stream. */
    public record Document(JsonNode node, int index, int line) {

        /** An empty document ({@code ---} followed by nothing, or {@code null}): skipped by every reader. */
        public boolean isEmpty() {
            return node == null || node.isNull() || node.isMissingNode() || (node.isTextual() && node.asText().isEmpty());
        }
    }

    /** Receives each document as it is read, so a caller can stop (a limit) before the next one is parsed. */
    @FunctionalInterface
    public interface Handler<E extends Exception> {
        void accept(Document document) throws E;
    }

    /** Every document of the text. */
    public List<Document> readAll(String text) throws YamlInputException {
        List<Document> documents = new ArrayList<>();
        read(text, documents::add);
        return documents;
    }

    public <E extends Exception> void read(String text, Handler<E> handler) throws YamlInputException, E {
        try (YAMLParser yaml = factory.createParser(text); JsonParser parser = new NoAliases(yaml)) {
            MappingIterator<JsonNode> documents = mapper.readerFor(JsonNode.class).readValues(parser);
            int index = 0;
            while (true) {
                boolean more;
                try {
                    more = documents.hasNextValue();
                } catch (IOException e) {
                    throw problem(e, index + 1, text);
                }
                if (!more) {
                    return;
                }
                index++;
                int line = parser.currentTokenLocation().getLineNr();
                JsonNode node;
                try {
                    node = documents.nextValue();
                } catch (IOException e) {
                    throw problem(e, index, text);
                }
                handler.accept(new Document(node, index, line));
            }
        } catch (IOException e) {
            // Only closing a parser over a String can end up here.
            throw new YamlInputException("not valid YAML: " + Quoted.oneLine(String.valueOf(e.getMessage())), 0, 0);
        }
    }

    /**
     * Strict UTF-8, as the API server and kubectl read manifests: a byte that is not UTF-8 is an error naming its line,
     * never a replacement character. A UTF-8 byte-order mark is dropped.
     */
    public static String decodeUtf8(byte[] bytes) throws YamlInputException {
        if (bytes.length >= 2 && ((bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF) || (bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE))) {
            throw new YamlInputException("not UTF-8: it starts with a UTF-16 byte-order mark; save it as UTF-8", 0, 1);
        }
        int start = bytes.length >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF ? 3 : 0;
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(bytes.length - start);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int offset = in.position();
            int line = 1;
            for (int i = 0; i < offset; i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw new YamlInputException(String.format("not UTF-8: byte 0x%02X at offset %d is not valid UTF-8; save it as UTF-8",
                    bytes[offset] & 0xFF, offset), 0, line);
        }
        out.flip();
        return out.toString();
    }

    private static YamlInputException problem(IOException e, int documentIndex, String text) {
        Throwable cause = e.getCause();
        if (cause instanceof MarkedYAMLException marked) {
            Mark mark = marked.getProblemMark();
            String context = marked.getContext() == null ? "" : marked.getContext() + ": ";
            return new YamlInputException("not valid YAML: " + Quoted.oneLine(context + marked.getProblem())
                    + (mark == null ? "" : " (column " + (mark.getColumn() + 1) + ")"),
                    documentIndex, mark == null ? 0 : mark.getLine() + 1);
        }
        if (cause instanceof ReaderException reader) {
            int line = lineAt(text, reader.getPosition());
            return new YamlInputException(String.format("not valid YAML: character U+%04X is not allowed in YAML; remove it"
                    + " or write it as an escape in a double-quoted string", reader.getCodePoint()), documentIndex, line);
        }
        int line = e instanceof JsonProcessingException processing && processing.getLocation() != null
                ? processing.getLocation().getLineNr() : 0;
        String message = e instanceof JsonProcessingException processing ? processing.getOriginalMessage() : e.getMessage();
        if (e instanceof StreamConstraintsException) {
            message = "nested deeper than " + MAX_NESTING_DEPTH + " levels";
        } else if (e instanceof AliasException alias) {
            message = alias.getOriginalMessage();
        } else if (message != null && message.startsWith("Duplicate field '")) {
            String key = message.substring("Duplicate field '".length(), message.length() - 1);
            message = "duplicate key " + Quoted.of(key) + ": a key may appear once in a mapping; keep one";
        }
        return new YamlInputException("not valid YAML: " + Quoted.oneLine(String.valueOf(message)), documentIndex, Math.max(line, 0));
    }

    private static int lineAt(String text, int position) {
        int line = 1;
        for (int i = 0; i < Math.min(position, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static final class AliasException extends JsonParseException {
        private static final long serialVersionUID = 1L;

        AliasException(JsonParser parser, String message) {
            super(parser, message);
        }
    }

    /**
     * Refuses aliases: every way Jackson advances the parser goes through {@link #nextToken()} here, where the YAML
     * parser says whether the token it produced is an alias.
     */
    private static final class NoAliases extends JsonParserDelegate {
        private final YAMLParser yaml;

        NoAliases(YAMLParser yaml) {
            super(yaml);
            this.yaml = yaml;
        }

        @Override
        public JsonToken nextToken() throws IOException {
            JsonToken token = delegate.nextToken();
            if (yaml.isCurrentAlias()) {
                throw new AliasException(this, "alias *" + yaml.getText() + ": YAML aliases are not supported; write the value out");
            }
            return token;
        }

        @Override
        public JsonToken nextValue() throws IOException {
            JsonToken token = nextToken();
            return token == JsonToken.FIELD_NAME ? nextToken() : token;
        }

        @Override
        public String nextFieldName() throws IOException {
            return nextToken() == JsonToken.FIELD_NAME ? currentName() : null;
        }

        @Override
        public boolean nextFieldName(SerializableString name) throws IOException {
            return nextToken() == JsonToken.FIELD_NAME && name.getValue().equals(currentName());
        }

        @Override
        public String nextTextValue() throws IOException {
            return nextToken() == JsonToken.VALUE_STRING ? getText() : null;
        }

        @Override
        public int nextIntValue(int defaultValue) throws IOException {
            return nextToken() == JsonToken.VALUE_NUMBER_INT ? getIntValue() : defaultValue;
        }

        @Override
        public long nextLongValue(long defaultValue) throws IOException {
            return nextToken() == JsonToken.VALUE_NUMBER_INT ? getLongValue() : defaultValue;
        }

        @Override
        public Boolean nextBooleanValue() throws IOException {
            JsonToken token = nextToken();
            return token == JsonToken.VALUE_TRUE ? Boolean.TRUE : token == JsonToken.VALUE_FALSE ? Boolean.FALSE : null;
        }
    }
}
