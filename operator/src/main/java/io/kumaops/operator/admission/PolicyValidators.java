package io.kumaops.operator.admission;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The field checks Kuma's policy validators share (Kuma {@code pkg/core/validators/common_validators.go} and
 * {@code messages.go}, the same from 2.9 to 2.14), over a spec decoded by {@link SpecShape}: a field that is absent is
 * Go's nil, durations are {@link Duration}s.
 */
final class PolicyValidators {

    static final String MUST_BE_DEFINED = "must be defined";
    static final String MUST_NOT_BE_DEFINED = "must not be defined";
    static final String MUST_NOT_BE_EMPTY = "must not be empty";
    static final String GREATER_THAN_ZERO = "must be greater than 0";
    static final String PERCENTAGE_RANGE = "must be in inclusive range [0.0, 100.0]";
    static final String UINT_PERCENTAGE_RANGE = "must be in inclusive range [0, 100]";

    // asaskevich/govalidator IsFilePath, the version Kuma pins (a9d515a): a Windows or a Unix path
    private static final Pattern WINDOWS_PATH = Pattern.compile("[a-zA-Z]:\\\\(?:[^\\\\/:*?\"<>|\r\n]+\\\\)*[^\\\\/:*?\"<>|\r\n]*");
    private static final Pattern UNIX_PATH = Pattern.compile("(/[^/\u0000]*)+/?");

    private PolicyValidators() {
    }

    static Duration duration(Map<String, Object> map, String key) {
        return map.get(key) instanceof Duration duration ? duration : null;
    }

    /** An integer field, or null when absent (or not an integer, which the API server's schema refuses first). */
    static BigInteger integer(Map<String, Object> map, String key) {
        Object value = map.get(key);
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return BigInteger.valueOf(((Number) value).longValue());
        }
        return value instanceof BigInteger big ? big : null;
    }

    static boolean present(Map<String, Object> map, String key) {
        return map.get(key) != null;
    }

    static void durationNotNegativeOrNil(ValidationErrors err, FieldPath path, Duration duration) {
        if (duration != null && duration.isNegative()) {
            err.addViolation(path, "must not be negative when defined");
        }
    }

    static void durationGreaterThanZeroOrNil(ValidationErrors err, FieldPath path, Duration duration) {
        if (duration != null && (duration.isNegative() || duration.isZero())) {
            err.addViolation(path, "must be greater than zero when defined");
        }
    }

    /** {@code ValidateDurationGreaterThanZero}: a value Go holds without a pointer, so absent is zero. */
    static void durationGreaterThanZero(ValidationErrors err, FieldPath path, Duration duration) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            err.addViolation(path, "must be defined and greater than zero");
        }
    }

    /** {@code ValidateDurationGreaterThan} with a whole number of milliseconds, printed as Go prints it. */
    static void durationGreaterThan(ValidationErrors err, FieldPath path, Duration duration, long minMillis) {
        Duration value = duration == null ? Duration.ZERO : duration;
        if (value.compareTo(Duration.ofMillis(minMillis)) <= 0) {
            err.addViolation(path, "must be greater than: " + io.kumaops.operator.model.GoDuration.millis(minMillis));
        }
    }

    /** {@code ValidateValueGreaterThanZeroOrNil} (int32 fields). */
    static void valueGreaterThanZeroOrNil(ValidationErrors err, FieldPath path, BigInteger value) {
        if (value != null && value.signum() <= 0) {
            err.addViolation(path, "must be greater than zero when defined");
        }
    }

    /** {@code ValidateIntegerGreaterThanZeroOrNil} (uint32 fields: only 0 fails). */
    static void integerGreaterThanZeroOrNil(ValidationErrors err, FieldPath path, BigInteger value) {
        if (value != null) {
            integerGreaterThan(err, path, value, 0);
        }
    }

    /** {@code ValidateIntegerGreaterThan}: a uint32 Go holds without a pointer, so absent is zero. */
    static void integerGreaterThan(ValidationErrors err, FieldPath path, BigInteger value, long min) {
        BigInteger number = value == null ? BigInteger.ZERO : value;
        if (number.compareTo(BigInteger.valueOf(min)) <= 0) {
            err.addViolation(path, "must be greater than " + min);
        }
    }

    /** {@code ValidateIntPercentageOrNil} (int32 fields). */
    static void intPercentageOrNil(ValidationErrors err, FieldPath path, BigInteger value) {
        if (value != null && (value.signum() < 0 || value.compareTo(BigInteger.valueOf(100)) > 0)) {
            err.addViolation(path, UINT_PERCENTAGE_RANGE);
        }
    }

    /** {@code ValidateUInt32PercentageOrNil}. */
    static void uint32PercentageOrNil(ValidationErrors err, FieldPath path, BigInteger value) {
        if (value != null && value.compareTo(BigInteger.valueOf(100)) > 0) {
            err.addViolation(path, UINT_PERCENTAGE_RANGE);
        }
    }

    /** {@code ValidatePercentageOrNil}: an int-or-string between 0 and 100. */
    static void percentageOrNil(ValidationErrors err, FieldPath path, Object intOrString) {
        if (intOrString == null) {
            return;
        }
        BigDecimal value = GoDecimals.of(intOrString);
        if (value == null) {
            err.addViolation(path, "string must be a valid number");
        } else if (value.signum() < 0 || value.compareTo(BigDecimal.valueOf(100)) > 0) {
            err.addViolation(path, PERCENTAGE_RANGE);
        }
    }

    /** {@code ValidateStringDefined}. */
    static void stringDefined(ValidationErrors err, FieldPath path, String value) {
        if (value == null || value.isEmpty()) {
            err.addViolation(path, MUST_BE_DEFINED);
        }
    }

    /** {@code ValidatePathOrNil}. */
    static void pathOrNil(ValidationErrors err, FieldPath path, Object value) {
        if (value == null) {
            return;
        }
        String text = String.valueOf(value);
        boolean windows = WINDOWS_PATH.matcher(text).matches();
        // Windows paths are limited to 32767 bytes after the drive
        boolean valid = windows ? text.substring(3).getBytes(StandardCharsets.UTF_8).length <= 32767 : UNIX_PATH.matcher(text).matches();
        if (!valid) {
            err.addViolation(path, "must be a valid path when defined");
        }
    }

    /** {@code ValidateStatusCode}. */
    static void statusCode(ValidationErrors err, FieldPath path, BigInteger status) {
        if (status.compareTo(BigInteger.valueOf(100)) < 0 || status.compareTo(BigInteger.valueOf(600)) >= 0) {
            err.addViolation(path, "must be in inclusive range [100, 599]");
        }
    }

    /** {@code MustHaveAtLeastOne}. */
    static String mustHaveAtLeastOne(String... names) {
        return "must have at least one defined: " + String.join(", ", names);
    }

    /** {@code MakeFieldMustBeOneOfErr}: {@code "field" must be one of ["a", "b"]}, at the field's own path. */
    static String mustBeOneOf(String field, List<String> allowed) {
        StringBuilder out = new StringBuilder(GoQuote.quote(field)).append(" must be one of [");
        for (int i = 0; i < allowed.size(); i++) {
            out.append(i == 0 ? "" : ", ").append(GoQuote.quote(allowed.get(i)));
        }
        return out.append(']').toString();
    }

    /** {@code pointer.Deref} of a list: absent is empty. */
    static List<Object> list(Map<String, Object> map, String key) {
        return Tree.list(map.get(key));
    }
}
