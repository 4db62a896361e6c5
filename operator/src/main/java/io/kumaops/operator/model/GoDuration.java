package io.kumaops.operator.model;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Go's {@code time.ParseDuration}, which is what decodes every duration of the new policies: their Go types hold
 * {@code k8s.io/apimachinery} {@code metav1.Duration}, whose {@code UnmarshalJSON} hands the string to it. So
 * {@code 1h30m}, {@code 1.5h}, {@code -1s} and {@code 500us} are durations, {@code 30d} and {@code 1x} are not, and
 * anything past ±2^63 ns is refused. The error texts are Go's own, because Kuma's webhook returns them unchanged.
 * The one reader of Go durations in the project: Kuma's admission, the profile's validation and the planner use it.
 */
public final class GoDuration {

    /** Go's {@code 1<<63}, compared as unsigned. */
    private static final long ONE_SHL_63 = Long.MIN_VALUE;

    private static final Map<String, Long> UNITS = Map.of(
            "ns", 1L,
            "us", 1_000L,
            "\u00b5s", 1_000L,
            "\u03bcs", 1_000L,
            "ms", 1_000_000L,
            "s", 1_000_000_000L,
            "m", 60_000_000_000L,
            "h", 3_600_000_000_000L);

    private GoDuration() {
    }

    /** A parsed duration in nanoseconds, or Go's error text. */
    public record Parsed(long nanos, String error) {

        public boolean ok() {
            return error == null;
        }

        /** The duration; zero when the text was refused. */
        public Duration duration() {
            return Duration.ofNanos(nanos);
        }
    }

    /** The duration Go reads from {@code text}. @throws IllegalArgumentException with Go's error text when Go refuses it */
    public static Duration parse(String text) {
        Parsed parsed = parseResult(text == null ? "" : text);
        if (!parsed.ok()) {
            throw new IllegalArgumentException(parsed.error());
        }
        return parsed.duration();
    }

    /** Like {@link #parse}, but {@code fallback} for a missing or malformed value. */
    public static Duration parseOr(Object text, Duration fallback) {
        if (!(text instanceof String value)) {
            return fallback;
        }
        Parsed parsed = parseResult(value);
        return parsed.ok() ? parsed.duration() : fallback;
    }

    /** Go's {@code time.ParseDuration}: the nanoseconds, or Go's own error text. */
    public static Parsed parseResult(String text) {
        // Go works on the bytes of the UTF-8 text; the micro signs are the only non-ASCII it knows.
        byte[] s = text.getBytes(StandardCharsets.UTF_8);
        int pos = 0;
        boolean negative = false;
        if (s.length > 0 && (s[0] == '-' || s[0] == '+')) {
            negative = s[0] == '-';
            pos = 1;
        }
        if (s.length - pos == 1 && s[pos] == '0') {
            return new Parsed(0, null);
        }
        if (pos == s.length) {
            return invalid(text);
        }
        long total = 0;
        while (pos < s.length) {
            if (!(s[pos] == '.' || isDigit(s[pos]))) {
                return invalid(text);
            }
            // the integer part, refused past 2^63 like Go's leadingInt
            int start = pos;
            long whole = 0;
            while (pos < s.length && isDigit(s[pos])) {
                if (Long.compareUnsigned(whole, Long.divideUnsigned(ONE_SHL_63, 10)) > 0) {
                    return invalid(text);
                }
                whole = whole * 10 + (s[pos] - '0');
                if (Long.compareUnsigned(whole, ONE_SHL_63) > 0) {
                    return invalid(text);
                }
                pos++;
            }
            boolean digitsBefore = pos != start;
            // the fraction: precision stops accumulating instead of failing, like Go's leadingFraction
            long fraction = 0;
            double scale = 1;
            boolean digitsAfter = false;
            if (pos < s.length && s[pos] == '.') {
                pos++;
                int fractionStart = pos;
                boolean overflow = false;
                while (pos < s.length && isDigit(s[pos])) {
                    if (!overflow) {
                        if (Long.compareUnsigned(fraction, Long.MAX_VALUE / 10) > 0) {
                            overflow = true;
                        } else {
                            long next = fraction * 10 + (s[pos] - '0');
                            if (Long.compareUnsigned(next, ONE_SHL_63) > 0) {
                                overflow = true;
                            } else {
                                fraction = next;
                                scale *= 10;
                            }
                        }
                    }
                    pos++;
                }
                digitsAfter = pos != fractionStart;
            }
            if (!digitsBefore && !digitsAfter) {
                return invalid(text);
            }
            int unitStart = pos;
            while (pos < s.length && !(s[pos] == '.' || isDigit(s[pos]))) {
                pos++;
            }
            if (pos == unitStart) {
                return new Parsed(0, "time: missing unit in duration " + quote(text));
            }
            String unitText = new String(s, unitStart, pos - unitStart, StandardCharsets.UTF_8);
            Long unit = UNITS.get(unitText);
            if (unit == null) {
                return new Parsed(0, "time: unknown unit " + quote(unitText) + " in duration " + quote(text));
            }
            if (Long.compareUnsigned(whole, Long.divideUnsigned(ONE_SHL_63, unit)) > 0) {
                return invalid(text);
            }
            long value = whole * unit;
            if (fraction > 0) {
                value += unsignedOf(unsignedToDouble(fraction) * ((double) unit / scale));
                if (Long.compareUnsigned(value, ONE_SHL_63) > 0) {
                    return invalid(text);
                }
            }
            total += value;
            if (Long.compareUnsigned(total, ONE_SHL_63) > 0) {
                return invalid(text);
            }
        }
        if (negative) {
            return new Parsed(-total, null);
        }
        if (total < 0) {
            // exactly 2^63: only its negative fits an int64
            return invalid(text);
        }
        return new Parsed(total, null);
    }

    /**
     * Go's {@code time.Duration.String()}: {@code 0s}, {@code 500ms}, {@code 1.5s}, {@code 2h0m0s}. Kuma serialises
     * its {@code metav1.Duration}s so, and durations the operator computes are written the same way.
     */
    public static String format(Duration duration) {
        long nanos = duration.toNanos();
        if (nanos == 0) {
            return "0s";
        }
        String sign = nanos < 0 ? "-" : "";
        long abs = Math.abs(nanos);
        if (abs < 1_000L) {
            return sign + abs + "ns";
        }
        if (abs < 1_000_000L) {
            return sign + fraction(abs, 1_000L) + "\u00b5s";
        }
        if (abs < 1_000_000_000L) {
            return sign + fraction(abs, 1_000_000L) + "ms";
        }
        long hours = abs / 3_600_000_000_000L;
        long minutes = abs / 60_000_000_000L % 60;
        String seconds = fraction(abs % 60_000_000_000L, 1_000_000_000L) + "s";
        if (hours > 0) {
            return sign + hours + "h" + minutes + "m" + seconds;
        }
        return minutes > 0 ? sign + minutes + "m" + seconds : sign + seconds;
    }

    /** {@code value / unit} with the fraction's trailing zeros dropped, as Go's fmtFrac does. */
    private static String fraction(long value, long unit) {
        long whole = value / unit;
        long rest = value % unit;
        if (rest == 0) {
            return Long.toString(whole);
        }
        String digits = Long.toString(unit + rest).substring(1).replaceAll("0+$", "");
        return whole + "." + digits;
    }

    /** Go's {@code time.Duration.String()} for the whole milliseconds Kuma prints in its messages ({@code 50ms}). */
    public static String millis(long millis) {
        return millis + "ms";
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static double unsignedToDouble(long value) {
        return value >= 0 ? value : (double) (value >>> 1) * 2 + (value & 1);
    }

    /** Go's float64 → uint64 conversion for the non-negative values a fraction yields. */
    private static long unsignedOf(double value) {
        if (value < 0x1p63) {
            return (long) value;
        }
        return (long) (value - 0x1p63) + Long.MIN_VALUE;
    }

    private static Parsed invalid(String text) {
        return new Parsed(0, "time: invalid duration " + quote(text));
    }

    /** The time package's own quoting: non-ASCII and control bytes as {@code \xNN}, quote and backslash escaped. */
    static String quote(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length + 2).append('"');
        for (byte b : bytes) {
            int c = b & 0xff;
            if (c >= 0x80 || c < ' ') {
                out.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
            } else {
                if (c == '"' || c == '\\') {
                    out.append('\\');
                }
                out.append((char) c);
            }
        }
        return out.append('"').toString();
    }
}
