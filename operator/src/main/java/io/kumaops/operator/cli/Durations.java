package io.kumaops.operator.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses Go-style durations as used throughout Kubernetes flags: 500ms, 30s, 10m, 1h30m. */
final class Durations {

    private static final Pattern PART = Pattern.compile("([0-9]+)(ms|s|m|h)");

    private Durations() {
    }

    static Duration parse(String text, String option) {
        if (text == null || !text.matches("^([0-9]+(ms|s|m|h))+$")) {
            throw new IllegalArgumentException(option + ": \"" + text + "\" is not a duration; write e.g. 30s, 10m or 1h30m");
        }
        Duration total = Duration.ZERO;
        Matcher matcher = PART.matcher(text);
        try {
            while (matcher.find()) {
                long value = Long.parseLong(matcher.group(1));
                total = total.plus(switch (matcher.group(2)) {
                    case "ms" -> Duration.ofMillis(value);
                    case "s" -> Duration.ofSeconds(value);
                    case "m" -> Duration.ofMinutes(value);
                    default -> Duration.ofHours(value);
                });
            }
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException(option + ": \"" + text + "\" is too long a duration; write e.g. 30s, 10m or 1h30m");
        }
        return total;
    }
}
