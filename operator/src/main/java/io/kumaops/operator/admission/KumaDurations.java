package io.kumaops.operator.admission;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Optional;

/**
 * The two duration formats Kuma reads.
 *
 * <p><b>Kuma's own format</b> ({@link #parse}, {@link #isValid}), used by the Mesh's
 * {@code mtls.backends[].dpCert.rotation.expiration} and the builtin CA's {@code conf.caCert.expiration}
 * (Kuma {@code pkg/core/resources/apis/mesh/mesh_helpers.go}, {@code ParseDuration}, the same at every tag from
 * v2.9 to v2.14): exactly {@code 0}, or one run of ASCII digits followed by exactly one unit out of
 * {@code y w d h m s ms}, and nothing else. So no sign, no spaces (not even a trailing newline), no fraction, no
 * second number-unit pair, units in lower case only; leading zeros are fine ({@code 007d}) but a bare {@code 00} is
 * not. A year is 365 days, a week 7 days.
 *
 * <p>Kuma never refuses a number for being too large: it ignores the integer parser's range error (which pins the
 * number to the largest 64-bit value) and multiplies in wrapping 64-bit nanoseconds. A duration past about 292 years
 * is therefore admitted and silently becomes some other, possibly negative, duration; {@link #wraps} tells.
 *
 * <p><b>Go's format</b> ({@link io.kumaops.operator.model.GoDuration}), used by {@code metav1.Duration} fields of the newer resources such as
 * MeshIdentity's {@code certificateParameters.expiry}: Go's {@code time.ParseDuration}.
 */
public final class KumaDurations {

    private static final long MILLI = 1_000_000L;
    private static final long SECOND = 1000 * MILLI;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;

    private KumaDurations() {
    }

    /** Whether Kuma's {@code ParseDuration} accepts the text. */
    public static boolean isValid(String text) {
        return split(text) != null;
    }

    /**
     * The duration Kuma takes the text for, wrapping included.
     *
     * @throws IllegalArgumentException with Kuma's message when Kuma refuses the text
     */
    public static Duration parse(String text) {
        if ("0".equals(text)) {
            return Duration.ZERO;
        }
        String[] parts = split(text);
        if (parts == null) {
            throw new IllegalArgumentException("not a valid duration string: " + GoQuote.quote(String.valueOf(text)));
        }
        BigInteger number = new BigInteger(parts[0]);
        // Kuma ignores strconv.Atoi's range error, which leaves the largest int64 behind.
        long count = number.bitLength() < 64 ? number.longValue() : Long.MAX_VALUE;
        // Go's time.Duration arithmetic wraps silently; Java's long does the same.
        return Duration.ofNanos(count * MILLI * unitInMillis(parts[1]));
    }

    /** Whether Kuma's arithmetic wraps for this (valid) text, so the duration Kuma uses is not the one written. */
    public static boolean wraps(String text) {
        String[] parts = split(text);
        if (parts == null) {
            return false;
        }
        BigInteger exact = new BigInteger(parts[0]).multiply(BigInteger.valueOf(MILLI * unitInMillis(parts[1])));
        return exact.bitLength() >= 64;
    }

    private static long unitInMillis(String unit) {
        return switch (unit) {
            case "y" -> 365 * DAY / MILLI;
            case "w" -> 7 * DAY / MILLI;
            case "d" -> DAY / MILLI;
            case "h" -> HOUR / MILLI;
            case "m" -> MINUTE / MILLI;
            case "s" -> SECOND / MILLI;
            case "ms" -> 1;
            default -> throw new IllegalStateException(unit);
        };
    }

    /** Digits and unit, or null when the text is not Kuma's {@code ^(\d+)(y|w|d|h|m|s|ms)$} ({@code 0} aside). */
    private static String[] split(String text) {
        if (text == null) {
            return null;
        }
        if (text.equals("0")) {
            return new String[] {"0", "ms"};
        }
        int digits = 0;
        while (digits < text.length() && text.charAt(digits) >= '0' && text.charAt(digits) <= '9') {
            digits++;
        }
        if (digits == 0) {
            return null;
        }
        String unit = text.substring(digits);
        return switch (unit) {
            case "y", "w", "d", "h", "m", "s", "ms" -> new String[] {text.substring(0, digits), unit};
            default -> null;
        };
    }

    /** Kuma's duration, or empty when Kuma refuses the text. */
    public static Optional<Duration> tryParse(String text) {
        return isValid(text) ? Optional.of(parse(text)) : Optional.empty();
    }
}
