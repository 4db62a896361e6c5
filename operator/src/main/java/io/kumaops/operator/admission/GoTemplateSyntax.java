package io.kumaops.operator.admission;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Whether Go's {@code text/template} parses a template, and Go's error when it does not. MeshIdentity's
 * {@code spiffeID.trustDomain} and {@code path} are Go templates that Kuma parses at admission with one extra
 * function, {@code label} (Kuma {@code pkg/core/resources/apis/meshidentity/api/v1alpha1/validator.go}); execution
 * errors (unknown fields, wrong argument types) only show when Kuma renders an identity, so they are not checked.
 *
 * <p>The whole grammar is parsed: actions, pipelines and declarations, parentheses, if/else/range/with/define/
 * block/template/break/continue, comments and trim markers, with Go's lexical rules for numbers, strings and
 * characters.
 */
final class GoTemplateSyntax {

    private static final Set<String> BUILTINS = Set.of("and", "call", "html", "index", "slice", "js", "len", "not", "or",
            "print", "printf", "println", "urlquery", "eq", "ge", "gt", "le", "lt", "ne");

    private enum Kind {
        ERROR, BOOL, CHAR, CHAR_CONSTANT, COMPLEX, ASSIGN, DECLARE, EOF, FIELD, IDENTIFIER, LEFT_DELIM, LEFT_PAREN, NUMBER,
        PIPE, RAW_STRING, RIGHT_DELIM, RIGHT_PAREN, SPACE, STRING, TEXT, VARIABLE,
        // keywords
        BLOCK, BREAK, CONTINUE, DOT, DEFINE, ELSE, END, IF, NIL, RANGE, TEMPLATE, WITH;

        boolean keyword() {
            return ordinal() >= BLOCK.ordinal();
        }
    }

    private record Token(Kind kind, String text, int line) {

        /** Go's {@code item.String()}, as parse errors quote tokens. */
        String describe() {
            if (kind == Kind.EOF) {
                return "EOF";
            }
            if (kind == Kind.ERROR) {
                return text;
            }
            if (kind.keyword()) {
                return "<" + text + ">";
            }
            int[] codePoints = text.codePoints().toArray();
            if (codePoints.length > 10) {
                return GoQuote.quote(new String(codePoints, 0, 10)) + "...";
            }
            return GoQuote.quote(text);
        }
    }

    private static final class ParseError extends RuntimeException {

        ParseError(String message) {
            super(message, null, false, false);
        }
    }

    private final List<Token> tokens;
    private final Set<String> functions;
    private int next;
    private int lastTaken;
    private int lastLine = 1;
    private int actionLine;
    private int rangeDepth;
    private List<String> variables = new ArrayList<>(List.of("$"));

    private GoTemplateSyntax(List<Token> tokens, Set<String> extraFunctions) {
        this.tokens = tokens;
        this.functions = new HashSet<>(BUILTINS);
        this.functions.addAll(extraFunctions);
    }

    /** Go's parse error ({@code template: :LINE: …}), or null when the template parses. */
    static String error(String template, Set<String> functions) {
        try {
            new GoTemplateSyntax(new Lexer(template).run(), functions).parseTemplate();
            return null;
        } catch (ParseError e) {
            return e.getMessage();
        }
    }

    // --- parser ---

    private Token peek() {
        Token token = tokens.get(Math.min(next, tokens.size() - 1));
        lastLine = Math.max(lastLine, token.line());
        return token;
    }

    private Token take() {
        int index = Math.min(next, tokens.size() - 1);
        lastTaken = index;
        next = index + 1;
        Token token = tokens.get(index);
        lastLine = Math.max(lastLine, token.line());
        return token;
    }

    /** Go's {@code backup}: the token taken last is read again. */
    private void backup() {
        next = lastTaken;
    }

    private Token peekNonSpace() {
        int at = next;
        while (tokens.get(Math.min(at, tokens.size() - 1)).kind() == Kind.SPACE) {
            at++;
        }
        Token token = tokens.get(Math.min(at, tokens.size() - 1));
        lastLine = Math.max(lastLine, token.line());
        return token;
    }

    private Token takeNonSpace() {
        Token token = take();
        while (token.kind() == Kind.SPACE) {
            token = take();
        }
        return token;
    }

    private ParseError fail(String message) {
        return new ParseError("template: :" + lastLine + ": " + message);
    }

    private ParseError unexpected(Token token, String context) {
        if (token.kind() == Kind.ERROR) {
            String extra = "";
            if (actionLine != 0 && actionLine != token.line()) {
                extra = (token.text().endsWith(" action") ? "" : " in action") + " started at :" + actionLine;
            }
            return fail(token.text() + extra);
        }
        return fail("unexpected " + token.describe() + " in " + context);
    }

    private Token expect(Kind kind, String context) {
        Token token = takeNonSpace();
        if (token.kind() != kind) {
            throw unexpected(token, context);
        }
        return token;
    }

    private void parseTemplate() {
        while (peek().kind() != Kind.EOF) {
            if (peek().kind() == Kind.LEFT_DELIM) {
                int mark = next;
                take();
                if (takeNonSpace().kind() == Kind.DEFINE) {
                    definition();
                    continue;
                }
                next = mark;
            }
            String node = textOrAction();
            if (node != null) {
                throw fail("unexpected " + display(node));
            }
        }
    }

    private void definition() {
        Token name = takeNonSpace();
        if (name.kind() != Kind.STRING && name.kind() != Kind.RAW_STRING) {
            throw unexpected(name, "define clause");
        }
        unquote(name);
        expect(Kind.RIGHT_DELIM, "define clause");
        List<String> saved = variables;
        variables = new ArrayList<>(List.of("$"));
        String end = itemList();
        if (!"{{end}}".equals(end)) {
            throw fail("unexpected " + display(end) + " in define clause");
        }
        variables = saved;
    }

    /** Items up to an {@code {{end}}} or {@code {{else}}}, which is returned. */
    private String itemList() {
        while (peekNonSpace().kind() != Kind.EOF) {
            String node = textOrAction();
            if (node != null) {
                return node;
            }
        }
        throw fail("unexpected EOF");
    }

    /** Null for text and ordinary actions; {@code {{end}}} or {@code {{else}}} (else-if marked) for those. */
    private String textOrAction() {
        Token token = takeNonSpace();
        switch (token.kind()) {
            case TEXT -> {
                return null;
            }
            case LEFT_DELIM -> {
                actionLine = token.line();
                try {
                    return action();
                } finally {
                    actionLine = 0;
                }
            }
            default -> throw unexpected(token, "input");
        }
    }

    private String action() {
        Token token = takeNonSpace();
        switch (token.kind()) {
            case BLOCK -> block();
            case BREAK, CONTINUE -> {
                String name = "{{" + token.text() + "}}";
                Token after = takeNonSpace();
                if (after.kind() != Kind.RIGHT_DELIM) {
                    throw unexpected(after, name);
                }
                if (rangeDepth == 0) {
                    throw fail(name + " outside {{range}}");
                }
            }
            case ELSE -> {
                if (peekNonSpace().kind() == Kind.IF) {
                    return "{{else if}}";
                }
                expect(Kind.RIGHT_DELIM, "else");
                return "{{else}}";
            }
            case END -> {
                expect(Kind.RIGHT_DELIM, "end");
                return "{{end}}";
            }
            case IF -> control(true, "if");
            case RANGE -> control(false, "range");
            case WITH -> control(false, "with");
            case TEMPLATE -> {
                templateName(takeNonSpace(), "template clause");
                if (takeNonSpace().kind() != Kind.RIGHT_DELIM) {
                    backup();
                    pipeline("template clause", Kind.RIGHT_DELIM);
                }
            }
            default -> {
                backup();
                pipeline("command", Kind.RIGHT_DELIM);
            }
        }
        return null;
    }

    private void block() {
        templateName(takeNonSpace(), "block clause");
        pipeline("block clause", Kind.RIGHT_DELIM);
        List<String> saved = variables;
        variables = new ArrayList<>(List.of("$"));
        String end = itemList();
        if (!"{{end}}".equals(end)) {
            throw fail("unexpected " + display(end) + " in block clause");
        }
        variables = saved;
    }

    private void templateName(Token token, String context) {
        if (token.kind() != Kind.STRING && token.kind() != Kind.RAW_STRING) {
            throw unexpected(token, context);
        }
        unquote(token);
    }

    private void control(boolean allowElseIf, String context) {
        int scope = variables.size();
        pipeline(context, Kind.RIGHT_DELIM);
        if (context.equals("range")) {
            rangeDepth++;
        }
        String next = itemList();
        if (context.equals("range")) {
            rangeDepth--;
        }
        if (next.equals("{{else if}}") && allowElseIf) {
            takeNonSpace();
            control(true, "if");
        } else if (!next.equals("{{end}}")) {
            String after = next.equals("{{else if}}") ? itemListAfterElseIf() : itemList();
            if (!after.equals("{{end}}")) {
                throw fail("expected end; found " + display(after));
            }
        }
        variables = new ArrayList<>(variables.subList(0, scope));
    }

    /** {@code {{else if …}}} where else-if is not allowed: the "if" is the start of an ordinary action list. */
    private String itemListAfterElseIf() {
        // Go's else leaves the "if" pending, and an item list cannot start with a keyword.
        throw unexpected(takeNonSpace(), "input");
    }

    private static String display(String node) {
        return node.equals("{{else if}}") ? "{{else}}" : node;
    }

    private void pipeline(String context, Kind end) {
        declarations(context);
        List<Kind> firstArguments = new ArrayList<>();
        while (true) {
            Token token = takeNonSpace();
            if (token.kind() == end) {
                if (firstArguments.isEmpty()) {
                    throw fail("missing value for " + context);
                }
                for (int i = 1; i < firstArguments.size(); i++) {
                    Kind first = firstArguments.get(i);
                    if (first == Kind.BOOL || first == Kind.DOT || first == Kind.NIL || first == Kind.NUMBER || first == Kind.STRING) {
                        throw fail("non executable command in pipeline stage " + (i + 1));
                    }
                }
                return;
            }
            switch (token.kind()) {
                case BOOL, CHAR_CONSTANT, COMPLEX, DOT, FIELD, IDENTIFIER, NUMBER, NIL, RAW_STRING, STRING, VARIABLE, LEFT_PAREN -> {
                    backup();
                    firstArguments.add(command());
                }
                default -> throw unexpected(token, context);
            }
        }
    }

    private void declarations(String context) {
        int declared = 0;
        while (true) {
            int mark = next;
            Token variable = peekNonSpace();
            if (variable.kind() != Kind.VARIABLE) {
                return;
            }
            takeNonSpace();
            Token after = peekNonSpace();
            if (after.kind() == Kind.ASSIGN || after.kind() == Kind.DECLARE) {
                takeNonSpace();
                variables.add(variable.text());
                return;
            }
            if (after.kind() == Kind.CHAR && after.text().equals(",")) {
                takeNonSpace();
                variables.add(variable.text());
                declared++;
                if (context.equals("range") && declared < 2) {
                    Kind following = peekNonSpace().kind();
                    if (following == Kind.VARIABLE || following == Kind.RIGHT_DELIM || following == Kind.RIGHT_PAREN) {
                        continue;
                    }
                    throw fail("range can only initialize variables");
                }
                throw fail("too many declarations in " + context);
            }
            next = mark;
            return;
        }
    }

    /** A command; returns the node kind of its first argument, for the pipeline-stage rule. */
    private Kind command() {
        Kind first = null;
        while (true) {
            peekNonSpace();
            Kind operand = operand();
            if (operand != null && first == null) {
                first = operand;
            }
            Token token = take();
            switch (token.kind()) {
                case SPACE -> {
                    continue;
                }
                case RIGHT_DELIM, RIGHT_PAREN -> backup();
                case PIPE -> {
                }
                default -> throw unexpected(token, "operand");
            }
            break;
        }
        if (first == null) {
            throw fail("empty command");
        }
        return first;
    }

    private Kind operand() {
        Kind term = term();
        if (term == null) {
            return null;
        }
        if (peek().kind() == Kind.FIELD) {
            while (peek().kind() == Kind.FIELD) {
                take();
            }
            switch (term) {
                case BOOL, STRING, NUMBER, NIL, DOT -> throw fail("unexpected . after term " + GoQuote.quote(lastTermText));
                case FIELD, VARIABLE -> {
                    return term;
                }
                default -> {
                    return Kind.FIELD;
                }
            }
        }
        return term;
    }

    private String lastTermText = "";

    private Kind term() {
        Token token = takeNonSpace();
        lastTermText = token.text();
        switch (token.kind()) {
            case IDENTIFIER -> {
                if (!functions.contains(token.text())) {
                    throw fail("function " + GoQuote.quote(token.text()) + " not defined");
                }
                return Kind.IDENTIFIER;
            }
            case DOT, NIL, FIELD, BOOL -> {
                if (token.kind() == Kind.DOT) {
                    lastTermText = ".";
                } else if (token.kind() == Kind.NIL) {
                    lastTermText = "nil";
                }
                return token.kind();
            }
            case VARIABLE -> {
                String name = token.text().contains(".") ? token.text().substring(0, token.text().indexOf('.')) : token.text();
                if (!variables.contains(name)) {
                    throw fail("undefined variable " + GoQuote.quote(name));
                }
                return Kind.VARIABLE;
            }
            case CHAR_CONSTANT, COMPLEX, NUMBER -> {
                checkNumber(token);
                return Kind.NUMBER;
            }
            case LEFT_PAREN -> {
                pipeline("parenthesized pipeline", Kind.RIGHT_PAREN);
                return Kind.LEFT_PAREN;
            }
            case STRING, RAW_STRING -> {
                unquote(token);
                return Kind.STRING;
            }
            default -> {
                backup();
                return null;
            }
        }
    }

    private void unquote(Token token) {
        String text = token.text();
        if (token.kind() == Kind.RAW_STRING) {
            return;
        }
        String body = text.substring(1, text.length() - 1);
        for (int i = 0; i < body.length(); i++) {
            if (body.charAt(i) != '\\') {
                continue;
            }
            int length = escapeLength(body, i + 1, '"');
            if (length < 0) {
                throw fail("invalid syntax");
            }
            i += length;
        }
    }

    /** Length of a Go escape after the backslash at {@code at}, or -1 when Go rejects it. */
    private static int escapeLength(String s, int at, char quote) {
        if (at >= s.length()) {
            return -1;
        }
        char c = s.charAt(at);
        return switch (c) {
            case 'a', 'b', 'f', 'n', 'r', 't', 'v', '\\' -> 1;
            case 'x' -> hexDigits(s, at + 1, 2) ? 3 : -1;
            case 'u' -> hexDigits(s, at + 1, 4) ? 5 : -1;
            case 'U' -> hexDigits(s, at + 1, 8) && Long.parseLong(s.substring(at + 1, at + 9), 16) <= 0x10FFFF ? 9 : -1;
            case '0', '1', '2', '3', '4', '5', '6', '7' -> at + 3 <= s.length() && s.substring(at, at + 3).matches("[0-7]{3}")
                    && Integer.parseInt(s.substring(at, at + 3), 8) <= 255 ? 3 : -1;
            default -> c == quote ? 1 : -1;
        };
    }

    private static boolean hexDigits(String s, int at, int count) {
        if (at + count > s.length()) {
            return false;
        }
        for (int i = at; i < at + count; i++) {
            if (Character.digit(s.charAt(i), 16) < 0 || s.charAt(i) > 127) {
                return false;
            }
        }
        return true;
    }

    private void checkNumber(Token token) {
        String text = token.text();
        if (token.kind() == Kind.CHAR_CONSTANT) {
            String body = text.substring(1);
            int length;
            if (body.startsWith("\\")) {
                length = escapeLength(body, 1, '\'');
                if (length < 0) {
                    throw fail("invalid syntax");
                }
                length++;
            } else {
                if (body.startsWith("'")) {
                    throw fail("invalid syntax");
                }
                length = Character.charCount(body.codePointAt(0));
            }
            if (!body.substring(length).equals("'")) {
                throw fail("malformed character constant: " + text);
            }
            return;
        }
        if (token.kind() == Kind.COMPLEX) {
            return;
        }
        String problem = goNumberProblem(text);
        if (problem != null) {
            throw fail(problem + ": " + GoQuote.quote(text));
        }
    }

    private static final Pattern GO_INTEGER =
            Pattern.compile("[+-]?(0[xX](_?[0-9a-fA-F])+|0[oO](_?[0-7])+|0[bB](_?[01])+|0(_?[0-7])*|[1-9](_?[0-9])*)");
    private static final Pattern GO_FLOAT = Pattern.compile(
            "[+-]?(([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?|0[xX](_?[0-9a-fA-F])*(\\.(_?[0-9a-fA-F])*)?[pP][+-]?[0-9](_?[0-9])*)");

    /** Go's verdict on a number literal ({@code strconv} as the template parser calls it): null, or the error. */
    private static String goNumberProblem(String text) {
        if (text.endsWith("i") && GO_FLOAT.matcher(text.substring(0, text.length() - 1)).matches()) {
            return null;
        }
        if (GO_INTEGER.matcher(text).matches()) {
            String digits = text.replace("_", "");
            boolean negative = digits.startsWith("-");
            digits = digits.replaceFirst("^[+-]", "");
            int radix = 10;
            if (digits.matches("0[xX].*")) {
                radix = 16;
                digits = digits.substring(2);
            } else if (digits.matches("0[oO].*")) {
                radix = 8;
                digits = digits.substring(2);
            } else if (digits.matches("0[bB].*")) {
                radix = 2;
                digits = digits.substring(2);
            } else if (digits.length() > 1 && digits.startsWith("0")) {
                radix = 8;
            }
            java.math.BigInteger value = new java.math.BigInteger(digits, radix);
            if (negative) {
                value = value.negate();
            }
            boolean fitsInt = value.bitLength() < 64;
            boolean fitsUint = !negative && value.bitLength() <= 64;
            if (fitsInt || fitsUint) {
                return null;
            }
        }
        if (GO_FLOAT.matcher(text).matches()) {
            boolean finite = text.matches("[+-]?0[xX].*") || Double.isFinite(Double.parseDouble(text));
            if (finite) {
                return text.matches(".*[.eEpP].*") ? null : "integer overflow";
            }
        }
        return "illegal number syntax";
    }

    // --- lexer ---

    /** Go's template lexer: the tokens up to the end or up to its first error, which becomes the last token. */
    private static final class Lexer {

        private final String input;
        private final List<Token> out = new ArrayList<>();
        private int pos;
        private int start;
        private int line = 1;
        private int parenDepth;

        Lexer(String input) {
            this.input = input;
        }

        List<Token> run() {
            while (lexText()) {
                if (!lexAction()) {
                    break;
                }
            }
            return out;
        }

        private void emit(Kind kind) {
            String text = input.substring(start, pos);
            out.add(new Token(kind, text, line));
            if (kind == Kind.TEXT || kind == Kind.RAW_STRING || kind == Kind.LEFT_DELIM || kind == Kind.RIGHT_DELIM
                    || kind == Kind.SPACE) {
                line += (int) text.chars().filter(ch -> ch == '\n').count();
            }
            start = pos;
        }

        private boolean error(String message) {
            out.add(new Token(Kind.ERROR, message, line));
            return false;
        }

        /** Text up to the next action; false at the end of the input. */
        private boolean lexText() {
            int at = input.indexOf("{{", pos);
            if (at < 0) {
                pos = input.length();
                if (pos > start) {
                    emit(Kind.TEXT);
                }
                out.add(new Token(Kind.EOF, "", line));
                return false;
            }
            pos = at;
            if (pos > start) {
                emit(Kind.TEXT);
            }
            pos += 2;
            boolean trim = input.startsWith("- ", pos) || input.startsWith("-\t", pos) || input.startsWith("-\r", pos)
                    || input.startsWith("-\n", pos);
            int afterMarker = trim ? 2 : 0;
            if (input.startsWith("/*", pos + afterMarker)) {
                pos += afterMarker + 2;
                int close = input.indexOf("*/", pos);
                if (close < 0) {
                    start = pos;
                    return error("unclosed comment");
                }
                pos = close + 2;
                int delim = rightDelimAt(pos);
                if (delim < 0) {
                    return error("comment ends before closing delimiter");
                }
                line += (int) input.substring(start, pos).chars().filter(ch -> ch == '\n').count();
                pos += delim;
                start = pos;
                return lexText();
            }
            emit(Kind.LEFT_DELIM);
            pos += afterMarker;
            start = pos;
            parenDepth = 0;
            return true;
        }

        /** Length of the right delimiter ({@code }}} or a trimming {@code  -}}}) at {@code at}, or -1. */
        private int rightDelimAt(int at) {
            if (input.startsWith("}}", at)) {
                return 2;
            }
            if (at < input.length() && isSpace(input.charAt(at)) && input.startsWith("-}}", at + 1)) {
                return 4;
            }
            return -1;
        }

        /** Tokens inside one action; false after an error. */
        private boolean lexAction() {
            while (true) {
                int delim = rightDelimAt(pos);
                if (delim > 0) {
                    if (parenDepth != 0) {
                        return error("unclosed left paren");
                    }
                    if (delim == 4) {
                        pos += 2;
                        start = pos;
                    }
                    pos += 2;
                    emit(Kind.RIGHT_DELIM);
                    if (delim == 4) {
                        while (pos < input.length() && isSpace(input.charAt(pos))) {
                            pos++;
                        }
                        line += (int) input.substring(start, pos).chars().filter(ch -> ch == '\n').count();
                        start = pos;
                    }
                    return true;
                }
                if (pos >= input.length()) {
                    return error("unclosed action");
                }
                int c = input.codePointAt(pos);
                pos += Character.charCount(c);
                boolean ok = switch (c) {
                    case ' ', '\t', '\r', '\n' -> space();
                    case '=' -> emitted(Kind.ASSIGN);
                    case ':' -> {
                        if (pos < input.length() && input.charAt(pos) == '=') {
                            pos++;
                            yield emitted(Kind.DECLARE);
                        }
                        if (pos < input.length()) {
                            pos++;
                        }
                        yield error("expected :=");
                    }
                    case '|' -> emitted(Kind.PIPE);
                    case '"' -> quoted();
                    case '`' -> rawQuoted();
                    case '$' -> fieldOrVariable(Kind.VARIABLE);
                    case '\'' -> charConstant();
                    case '(' -> {
                        parenDepth++;
                        yield emitted(Kind.LEFT_PAREN);
                    }
                    case ')' -> {
                        emit(Kind.RIGHT_PAREN);
                        parenDepth--;
                        yield parenDepth >= 0 || error("unexpected right paren U+0029 ')'");
                    }
                    default -> other(c);
                };
                if (!ok) {
                    return false;
                }
            }
        }

        private boolean other(int c) {
            if (c == '.' && pos < input.length() && (input.charAt(pos) < '0' || input.charAt(pos) > '9')) {
                return fieldOrVariable(Kind.FIELD);
            }
            if (c == '.' || c == '+' || c == '-' || (c >= '0' && c <= '9')) {
                pos -= 1;
                return number();
            }
            if (alphanumeric(c)) {
                pos -= Character.charCount(c);
                return identifier();
            }
            if (c <= 127 && c >= 0x20 && c != 0x7f) {
                return emitted(Kind.CHAR);
            }
            return error("unrecognized character in action: " + unicodeName(c));
        }

        private boolean emitted(Kind kind) {
            emit(kind);
            return true;
        }

        private boolean space() {
            int spaces = 1;
            while (pos < input.length() && isSpace(input.charAt(pos))) {
                pos++;
                spaces++;
            }
            // A single space before "-}}" belongs to the trimming delimiter.
            if (input.startsWith("-}}", pos) ) {
                pos--;
                if (spaces == 1) {
                    start = pos;
                    return true;
                }
            }
            emit(Kind.SPACE);
            return true;
        }

        private boolean identifier() {
            while (pos < input.length() && alphanumeric(input.codePointAt(pos))) {
                pos += Character.charCount(input.codePointAt(pos));
            }
            if (!atTerminator()) {
                return error("bad character " + unicodeName(input.codePointAt(pos)));
            }
            String word = input.substring(start, pos);
            Kind kind = switch (word) {
                case "block" -> Kind.BLOCK;
                case "break" -> Kind.BREAK;
                case "continue" -> Kind.CONTINUE;
                case "define" -> Kind.DEFINE;
                case "else" -> Kind.ELSE;
                case "end" -> Kind.END;
                case "if" -> Kind.IF;
                case "range" -> Kind.RANGE;
                case "nil" -> Kind.NIL;
                case "template" -> Kind.TEMPLATE;
                case "with" -> Kind.WITH;
                case "true", "false" -> Kind.BOOL;
                default -> Kind.IDENTIFIER;
            };
            return emitted(kind);
        }

        private boolean fieldOrVariable(Kind kind) {
            if (atTerminator()) {
                return emitted(kind == Kind.VARIABLE ? Kind.VARIABLE : Kind.DOT);
            }
            while (pos < input.length() && alphanumeric(input.codePointAt(pos))) {
                pos += Character.charCount(input.codePointAt(pos));
            }
            if (!atTerminator()) {
                return error("bad character " + unicodeName(input.codePointAt(pos)));
            }
            return emitted(kind);
        }

        private boolean atTerminator() {
            if (pos >= input.length()) {
                return true;
            }
            char c = input.charAt(pos);
            return isSpace(c) || ".,|:()".indexOf(c) >= 0 || input.startsWith("}}", pos);
        }

        private boolean charConstant() {
            while (true) {
                if (pos >= input.length()) {
                    return error("unterminated character constant");
                }
                char c = input.charAt(pos++);
                if (c == '\\') {
                    if (pos >= input.length() || input.charAt(pos) == '\n') {
                        return error("unterminated character constant");
                    }
                    pos++;
                } else if (c == '\n') {
                    return error("unterminated character constant");
                } else if (c == '\'') {
                    return emitted(Kind.CHAR_CONSTANT);
                }
            }
        }

        private boolean quoted() {
            while (true) {
                if (pos >= input.length()) {
                    return error("unterminated quoted string");
                }
                char c = input.charAt(pos++);
                if (c == '\\') {
                    if (pos >= input.length() || input.charAt(pos) == '\n') {
                        return error("unterminated quoted string");
                    }
                    pos++;
                } else if (c == '\n') {
                    return error("unterminated quoted string");
                } else if (c == '"') {
                    return emitted(Kind.STRING);
                }
            }
        }

        private boolean rawQuoted() {
            int close = input.indexOf('`', pos);
            if (close < 0) {
                return error("unterminated raw quoted string");
            }
            pos = close + 1;
            return emitted(Kind.RAW_STRING);
        }

        private boolean number() {
            if (!scanNumber()) {
                return error("bad number syntax: " + GoQuote.quote(input.substring(start, pos)));
            }
            if (pos < input.length() && (input.charAt(pos) == '+' || input.charAt(pos) == '-')) {
                if (!scanNumber() || input.charAt(pos - 1) != 'i') {
                    return error("bad number syntax: " + GoQuote.quote(input.substring(start, pos)));
                }
                return emitted(Kind.COMPLEX);
            }
            return emitted(Kind.NUMBER);
        }

        private boolean scanNumber() {
            accept("+-");
            String digits = "0123456789_";
            if (accept("0")) {
                if (accept("xX")) {
                    digits = "0123456789abcdefABCDEF_";
                } else if (accept("oO")) {
                    digits = "01234567_";
                } else if (accept("bB")) {
                    digits = "01_";
                }
            }
            acceptRun(digits);
            if (accept(".")) {
                acceptRun(digits);
            }
            if (digits.length() == 11 && accept("eE")) {
                accept("+-");
                acceptRun("0123456789_");
            }
            if (digits.length() == 23 && accept("pP")) {
                accept("+-");
                acceptRun("0123456789_");
            }
            accept("i");
            if (pos < input.length() && alphanumeric(input.codePointAt(pos))) {
                pos += Character.charCount(input.codePointAt(pos));
                return false;
            }
            return true;
        }

        private boolean accept(String valid) {
            if (pos < input.length() && valid.indexOf(input.charAt(pos)) >= 0) {
                pos++;
                return true;
            }
            return false;
        }

        private void acceptRun(String valid) {
            while (accept(valid)) {
                // consume
            }
        }

        private static boolean isSpace(char c) {
            return c == ' ' || c == '\t' || c == '\r' || c == '\n';
        }

        private static boolean alphanumeric(int c) {
            return c == '_' || Character.isLetter(c) || Character.isDigit(c);
        }

        /** Go's {@code %#U}. */
        private static String unicodeName(int c) {
            String hex = String.format("U+%04X", c);
            return Character.isISOControl(c) || !Character.isDefined(c) ? hex : hex + " '" + new String(Character.toChars(c)) + "'";
        }
    }
}
