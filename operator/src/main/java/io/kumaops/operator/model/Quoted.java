package io.kumaops.operator.model;

/**
 * A value from the input as it may appear in a message: quoted, with control characters and line breaks escaped and
 * long values cut, so an error about a hostile value stays one readable line and cannot forge output.
 */
public final class Quoted {

    /** Longer values are cut: a message names the value, it does not repeat a megabyte of it. */
    public static final int MAX_SHOWN = 80;

    private Quoted() {
    }

    public static String of(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), MAX_SHOWN) + 16).append('"');
        int shown = 0;
        for (int i = 0; i < value.length() && shown < MAX_SHOWN; i++, shown++) {
            out.append(escape(value.charAt(i)));
        }
        out.append('"');
        if (value.length() > MAX_SHOWN) {
            out.append("… (").append(value.length()).append(" characters)");
        }
        return out.toString();
    }

    /**
     * {@code path.key}, or {@code path["key"]} (quoted and escaped) when the key is not a plain identifier, so a
     * path built from the input's keys stays one line and says exactly which key is meant.
     */
    public static String field(String path, String key) {
        boolean plain = !key.isEmpty() && key.length() <= MAX_SHOWN && key.chars().allMatch(c -> c < 0x80 && (Character.isLetterOrDigit(c) || c == '_' || c == '-'));
        if (!plain) {
            return path + "[" + of(key) + "]";
        }
        return path.isEmpty() ? key : path + "." + key;
    }

    /** Text for a single line (a YAML comment, a log line): line breaks and control characters escaped, nothing cut. */
    public static String oneLine(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            out.append(c == '"' ? "\"" : escape(c));
        }
        return out.toString();
    }

    private static String escape(char c) {
        return switch (c) {
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            case '"' -> "\\\"";
            case '\\' -> "\\\\";
            default -> isBreakOrControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c);
        };
    }

    /** C0 and C1 controls, DEL, and the characters YAML 1.1 and Unicode treat as line or paragraph breaks. */
    public static boolean isBreakOrControl(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029' || c == '\ufeff';
    }
}
