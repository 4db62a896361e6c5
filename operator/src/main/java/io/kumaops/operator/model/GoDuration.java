package io.kumaops.operator.model;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go duration strings as Kuma and the profile use them ("24h", "1h30m", "500ms"). */
public final class GoDuration {

    private static final Pattern PART = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ns|us|µs|ms|s|m|h)");

    private static final BigDecimal MAX_NANOS = BigDecimal.valueOf(Long.MAX_VALUE);

    private GoDuration() {
    }

    /** @throws IllegalArgumentException when the text is not a Go duration */
    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty duration");
        }
        Matcher matcher = PART.matcher(text);
        int position = 0;
        BigDecimal nanos = BigDecimal.ZERO;
        while (matcher.find()) {
            if (matcher.start() != position) {
                throw new IllegalArgumentException("not a duration: " + text);
            }
            position = matcher.end();
            BigDecimal unit = switch (matcher.group(2)) {
                case "ns" -> BigDecimal.ONE;
                case "us", "µs" -> BigDecimal.valueOf(1_000L);
                case "ms" -> BigDecimal.valueOf(1_000_000L);
                case "s" -> BigDecimal.valueOf(1_000_000_000L);
                case "m" -> BigDecimal.valueOf(60_000_000_000L);
                default -> BigDecimal.valueOf(3_600_000_000_000L);
            };
            nanos = nanos.add(new BigDecimal(matcher.group(1)).multiply(unit));
        }
        if (position != text.length()) {
            throw new IllegalArgumentException("not a duration: " + text);
        }
        // Go's time.ParseDuration refuses what does not fit in int64 nanoseconds (about 292 years).
        if (nanos.compareTo(MAX_NANOS) > 0) {
            throw new IllegalArgumentException("duration overflows 64-bit nanoseconds: " + text);
        }
        return Duration.ofNanos(nanos.longValue());
    }

    /** Like {@link #parse}, but {@code fallback} for a missing or malformed value. */
    public static Duration parseOr(Object text, Duration fallback) {
        if (!(text instanceof String value)) {
            return fallback;
        }
        try {
            return parse(value);
        } catch (IllegalArgumentException e) {
            return fallback;
        }
    }
}
