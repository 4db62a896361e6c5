package io.kumaops.operator.admission;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;

/**
 * Whether Go's {@code regexp.Compile} (RE2 syntax, Perl flags) accepts a pattern, and Go's error text when it does
 * not. Kuma compiles the Mesh's Prometheus {@code envoy.filterRegex} at admission and quotes that text. This is a
 * syntax check only, written for the errors a pattern can actually hit: unbalanced groups and brackets, misplaced
 * or nested repetition, repeat counts over 1000, escapes and Perl groups RE2 does not have (look-around,
 * back-references, atomic groups), bad class ranges and named captures.
 */
final class GoRegexSyntax {

    private static final Set<String> POSIX_CLASSES = Set.of("alnum", "alpha", "ascii", "blank", "cntrl", "digit", "graph",
            "lower", "print", "punct", "space", "upper", "word", "xdigit");

    private final String pattern;
    private int pos;

    private GoRegexSyntax(String pattern) {
        this.pattern = pattern;
    }

    /** Go's error text ({@code error parsing regexp: …}), or null when Go compiles the pattern. */
    static String error(String pattern) {
        try {
            new GoRegexSyntax(pattern).parse();
            return null;
        } catch (SyntaxError e) {
            return "error parsing regexp: " + e.getMessage();
        }
    }

    private static final class SyntaxError extends RuntimeException {

        SyntaxError(String code, String expression) {
            super(code + ": `" + expression + "`", null, false, false);
        }
    }

    /** What the last parsed item was, for the repetition rules. */
    private enum Last { NOTHING, OPERAND, REPEAT }

    private void parse() {
        Deque<Integer> groups = new ArrayDeque<>();
        Last last = Last.NOTHING;
        int lastRepeatStart = -1;
        while (pos < pattern.length()) {
            char c = pattern.charAt(pos);
            switch (c) {
                case '(' -> {
                    int start = pos;
                    if (openGroup()) {
                        groups.push(start);
                        last = Last.NOTHING;
                    } else if (last == Last.REPEAT) {
                        // A flag group such as (?i) leaves the repeated item as the operand a repetition applies to.
                        last = Last.OPERAND;
                    }
                }
                case ')' -> {
                    if (groups.isEmpty()) {
                        throw new SyntaxError("unexpected )", pattern);
                    }
                    groups.pop();
                    pos++;
                    last = Last.OPERAND;
                }
                case '|' -> {
                    pos++;
                    last = Last.NOTHING;
                }
                case '*', '+', '?' -> {
                    int start = pos;
                    pos++;
                    if (pos < pattern.length() && pattern.charAt(pos) == '?') {
                        pos++;
                    }
                    last = repeat(last, start, lastRepeatStart);
                    lastRepeatStart = start;
                    continue;
                }
                case '{' -> {
                    int start = pos;
                    int[] counts = repeatCounts();
                    if (counts == null) {
                        pos++;
                        last = Last.OPERAND;
                        break;
                    }
                    int min = counts[0];
                    int max = counts[1];
                    // Go checks the counts before it looks for what they repeat.
                    if (min < 0 || min > 1000 || max > 1000 || (max >= 0 && min > max)) {
                        throw new SyntaxError("invalid repeat count", pattern.substring(start, pos));
                    }
                    if (pos < pattern.length() && pattern.charAt(pos) == '?') {
                        pos++;
                    }
                    last = repeat(last, start, lastRepeatStart);
                    lastRepeatStart = start;
                    continue;
                }
                case '[' -> {
                    charClass();
                    last = Last.OPERAND;
                }
                case '\\' -> {
                    escape(false);
                    last = Last.OPERAND;
                }
                default -> {
                    pos += Character.charCount(pattern.codePointAt(pos));
                    // ^ and $ are operators in RE2, so a repetition may follow them.
                    last = Last.OPERAND;
                }
            }
            lastRepeatStart = -1;
        }
        if (!groups.isEmpty()) {
            throw new SyntaxError("missing closing )", pattern);
        }
    }

    private Last repeat(Last last, int start, int lastRepeatStart) {
        if (last == Last.NOTHING) {
            throw new SyntaxError("missing argument to repetition operator", pattern.substring(start, pos));
        }
        if (last == Last.REPEAT) {
            throw new SyntaxError("invalid nested repetition operator", pattern.substring(lastRepeatStart, pos));
        }
        return Last.REPEAT;
    }

    /** {@code {n}}, {@code {n,}}, {@code {n,m}} at pos, leaving pos after it; null (pos unchanged) when it is a literal brace. */
    private int[] repeatCounts() {
        int at = pos + 1;
        int[] first = integer(at);
        if (first == null) {
            return null;
        }
        at = first[1];
        int min = first[0];
        int max;
        if (at >= pattern.length()) {
            return null;
        }
        if (pattern.charAt(at) != ',') {
            max = min;
        } else {
            at++;
            if (at >= pattern.length()) {
                return null;
            }
            if (pattern.charAt(at) == '}') {
                max = -1;
            } else {
                int[] second = integer(at);
                if (second == null) {
                    return null;
                }
                at = second[1];
                max = second[0];
                if (max < 0) {
                    min = -1;
                }
            }
        }
        if (at >= pattern.length() || pattern.charAt(at) != '}') {
            return null;
        }
        pos = at + 1;
        return new int[] {min, max};
    }

    /** Digits without a leading zero (but {@code 0} itself); -1 for numbers past 10^8. */
    private int[] integer(int at) {
        int start = at;
        while (at < pattern.length() && Character.isDigit(pattern.charAt(at)) && pattern.charAt(at) < 128) {
            at++;
        }
        if (at == start || (at - start >= 2 && pattern.charAt(start) == '0')) {
            return null;
        }
        String digits = pattern.substring(start, at);
        int value = digits.length() >= 9 ? -1 : Integer.parseInt(digits);
        return new int[] {value, at};
    }

    /** Parses a group opening at pos; false for a flag-only group such as {@code (?i)}, which opens nothing. */
    private boolean openGroup() {
        if (!pattern.startsWith("(?", pos)) {
            pos++;
            return true;
        }
        String rest = pattern.substring(pos);
        boolean pythonName = rest.length() > 4 && rest.charAt(2) == 'P' && rest.charAt(3) == '<';
        boolean perlName = rest.length() > 4 && rest.charAt(2) == '<';
        if (pythonName || perlName) {
            int nameStart = pythonName ? 4 : 3;
            int end = rest.indexOf('>');
            if (end < 0) {
                throw new SyntaxError("invalid named capture", rest);
            }
            String name = rest.substring(nameStart, end);
            if (name.isEmpty() || !name.chars().allMatch(ch -> ch == '_' || (ch < 128 && Character.isLetterOrDigit(ch)))) {
                throw new SyntaxError("invalid named capture", rest.substring(0, end + 1));
            }
            pos += end + 1;
            return true;
        }
        int at = 2;
        boolean negated = false;
        boolean sawFlag = false;
        while (at < rest.length()) {
            char c = rest.charAt(at++);
            switch (c) {
                case 'i', 'm', 's', 'U' -> sawFlag = true;
                case '-' -> {
                    if (negated) {
                        throw new SyntaxError("invalid or unsupported Perl syntax", rest.substring(0, at));
                    }
                    negated = true;
                    sawFlag = false;
                }
                case ':', ')' -> {
                    if (negated && !sawFlag) {
                        throw new SyntaxError("invalid or unsupported Perl syntax", rest.substring(0, at));
                    }
                    pos += at;
                    return c == ':';
                }
                default -> throw new SyntaxError("invalid or unsupported Perl syntax",
                        rest.substring(0, at - 1) + new String(Character.toChars(rest.codePointAt(at - 1))));
            }
        }
        throw new SyntaxError("invalid or unsupported Perl syntax", rest);
    }

    /** An escape at pos; inside a class, {@code \b}-like assertions and {@code \Q} are not escapes. */
    private void escape(boolean inClass) {
        int start = pos;
        pos++;
        if (pos >= pattern.length()) {
            throw new SyntaxError("trailing backslash at end of expression", "");
        }
        int c = pattern.codePointAt(pos);
        pos += Character.charCount(c);
        if (!inClass) {
            switch (c) {
                case 'A', 'b', 'B', 'z' -> {
                    return;
                }
                case 'Q' -> {
                    int end = pattern.indexOf("\\E", pos);
                    pos = end < 0 ? pattern.length() : end + 2;
                    return;
                }
                default -> {
                }
            }
        }
        switch (c) {
            case 'd', 'D', 's', 'S', 'w', 'W', 'a', 'f', 'n', 'r', 't', 'v' -> {
            }
            case 'p', 'P' -> unicodeClass(start);
            case 'x' -> hexEscape(start);
            case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                // A lone non-zero digit is a back-reference, which RE2 lacks; with more digits it is octal.
                boolean octal = c == '0' || (pos < pattern.length() && pattern.charAt(pos) >= '0' && pattern.charAt(pos) <= '7');
                if (!octal) {
                    throw new SyntaxError("invalid escape sequence", pattern.substring(start, pos));
                }
                for (int n = 0; n < 2 && pos < pattern.length() && pattern.charAt(pos) >= '0' && pattern.charAt(pos) <= '7'; n++) {
                    pos++;
                }
            }
            default -> {
                if (c >= 128 || Character.isLetterOrDigit(c)) {
                    throw new SyntaxError("invalid escape sequence", pattern.substring(start, pos));
                }
            }
        }
    }

    private void hexEscape(int start) {
        if (pos < pattern.length() && pattern.charAt(pos) == '{') {
            int end = pattern.indexOf('}', pos);
            String digits = end < 0 ? "" : pattern.substring(pos + 1, end);
            if (end < 0 || digits.isEmpty() || !digits.chars().allMatch(ch -> Character.digit(ch, 16) >= 0 && ch < 128)
                    || digits.length() > 8 || Long.parseLong(digits, 16) > 0x10FFFF) {
                pos = end < 0 ? pattern.length() : end + 1;
                throw new SyntaxError("invalid escape sequence", pattern.substring(start, pos));
            }
            pos = end + 1;
            return;
        }
        // Go reads both digits before it judges them.
        int digits = Math.min(2, pattern.length() - pos);
        String hex = pattern.substring(pos, pos + digits);
        pos += digits;
        if (digits < 2 || !hex.chars().allMatch(ch -> ch < 128 && Character.digit(ch, 16) >= 0)) {
            throw new SyntaxError("invalid escape sequence", pattern.substring(start, pos));
        }
    }

    private void unicodeClass(int start) {
        String name;
        if (pos < pattern.length() && pattern.charAt(pos) == '{') {
            int end = pattern.indexOf('}', pos);
            if (end < 0) {
                throw new SyntaxError("invalid character class range", pattern.substring(start));
            }
            name = pattern.substring(pos + 1, end);
            pos = end + 1;
        } else {
            if (pos >= pattern.length()) {
                throw new SyntaxError("invalid escape sequence", pattern.substring(start));
            }
            name = new String(Character.toChars(pattern.codePointAt(pos)));
            pos += name.length();
        }
        String bare = name.startsWith("^") ? name.substring(1) : name;
        if (!knownUnicodeClass(bare)) {
            throw new SyntaxError("invalid character class range", pattern.substring(start, pos));
        }
    }

    private static boolean knownUnicodeClass(String name) {
        if (name.equals("Any")) {
            return true;
        }
        if (name.matches("[CLMNPSZ]|Cc|Cf|Co|Cs|Ll|Lm|Lo|Lt|Lu|Mc|Me|Mn|Nd|Nl|No|Pc|Pd|Pe|Pf|Pi|Po|Ps|Sc|Sk|Sm|So|Zl|Zp|Zs")) {
            return true;
        }
        try {
            Character.UnicodeScript.forName(name);
            return !name.contains(" ") && Character.isUpperCase(name.charAt(0));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private void charClass() {
        int start = pos;
        pos++;
        if (pos < pattern.length() && pattern.charAt(pos) == '^') {
            pos++;
        }
        boolean first = true;
        while (pos < pattern.length() && (pattern.charAt(pos) != ']' || first)) {
            first = false;
            if (pattern.startsWith("[:", pos)) {
                int end = pattern.indexOf(":]", pos + 2);
                if (end >= 0) {
                    String name = pattern.substring(pos + 2, end);
                    String bare = name.startsWith("^") ? name.substring(1) : name;
                    if (!POSIX_CLASSES.contains(bare)) {
                        throw new SyntaxError("invalid character class range", pattern.substring(pos, end + 2));
                    }
                    pos = end + 2;
                    continue;
                }
            }
            int rangeStart = pos;
            int low = classChar();
            if (low < 0) {
                continue;
            }
            if (pos + 1 < pattern.length() && pattern.charAt(pos) == '-' && pattern.charAt(pos + 1) != ']') {
                pos++;
                int high = classChar();
                if (high < 0 || high < low) {
                    throw new SyntaxError("invalid character class range", pattern.substring(rangeStart, pos));
                }
            }
        }
        if (pos >= pattern.length()) {
            throw new SyntaxError("missing closing ]", pattern.substring(start));
        }
        pos++;
    }

    /** One class member at pos: its code point, or -1 for a class escape ({@code \d}, {@code \pL}) that is no range end. */
    private int classChar() {
        if (pattern.charAt(pos) != '\\') {
            int c = pattern.codePointAt(pos);
            pos += Character.charCount(c);
            return c;
        }
        int start = pos;
        if (pos + 1 < pattern.length()) {
            char next = pattern.charAt(pos + 1);
            if ("dDsSwWpP".indexOf(next) >= 0) {
                escape(true);
                return -1;
            }
        }
        escape(true);
        String text = pattern.substring(start + 1, pos);
        return switch (text.charAt(0)) {
            case 'a' -> 7;
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'v' -> 11;
            case 'x' -> Integer.parseInt(text.startsWith("x{") ? text.substring(2, text.length() - 1) : text.substring(1), 16);
            case '0', '1', '2', '3', '4', '5', '6', '7' -> Integer.parseInt(text, 8);
            default -> text.codePointAt(0);
        };
    }
}
