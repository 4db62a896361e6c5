package io.kumaops.operator.admission;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Kuma's tag and selector rules (Kuma {@code pkg/core/resources/apis/mesh/validators.go}: {@code ValidateSelector},
 * {@code ValidateTags}, {@code validateTagKeyValues}; unchanged from v2.9 to v2.14). Keys are checked in sorted
 * order, as Kuma sorts them for stable messages.
 */
public final class TagRules {

    private static final Pattern TAG_NAME = Pattern.compile("[a-zA-Z0-9.\\-_:/]*");
    private static final Pattern TAG_VALUE = Pattern.compile("[a-zA-Z0-9.\\-_:]*");
    private static final Pattern SELECTOR_VALUE = Pattern.compile("[a-zA-Z0-9.\\-_:/]*|\\*");
    private static final String SERVICE_TAG = "kuma.io/service";

    private TagRules() {
    }

    /** What Kuma's {@code ValidateTagsOpts} switches on. */
    public record Options(boolean requireAtLeastOneTag, boolean requireService, boolean forbidService) {

        public static final Options NONE = new Options(false, false, false);
        public static final Options AT_LEAST_ONE_TAG = new Options(true, false, false);
    }

    /** A selector: values may also be {@code *} and contain slashes. */
    public static ValidationErrors validateSelector(FieldPath path, Map<String, String> tags, Options options) {
        return validate(path, tags, options, SELECTOR_VALUE,
                "tag value must consist of alphanumeric characters, dots, dashes, slashes and underscores or be \"*\"");
    }

    /** Concrete tags: values without slashes and no wildcard. */
    public static ValidationErrors validateTags(FieldPath path, Map<String, String> tags, Options options) {
        return validate(path, tags, options, TAG_VALUE, "tag value must consist of alphanumeric characters, dots, dashes and underscores");
    }

    /** Go's {@code sort.Strings}: by UTF-8 bytes. */
    static List<String> sortedAsGo(java.util.Collection<String> keys) {
        List<String> sorted = new ArrayList<>(keys);
        sorted.sort((a, b) -> java.util.Arrays.compareUnsigned(a.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                b.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return sorted;
    }

    private static ValidationErrors validate(FieldPath path, Map<String, String> tags, Options options, Pattern valuePattern,
                                             String valueMessage) {
        ValidationErrors errors = new ValidationErrors();
        if (options.requireAtLeastOneTag() && tags.isEmpty()) {
            errors.addViolation(path, "must have at least one tag");
        }
        List<String> keys = sortedAsGo(tags.keySet());
        for (String key : keys) {
            if (key.isEmpty()) {
                errors.addViolation(path, "tag name must be non-empty");
            }
            if (!TAG_NAME.matcher(key).matches()) {
                errors.addViolation(path.key(key), "tag name must consist of alphanumeric characters, dots, dashes, slashes and underscores");
            }
            String value = tags.get(key);
            if (value.isEmpty()) {
                errors.addViolation(path.key(key), "tag value must be non-empty");
            }
            if (!valuePattern.matcher(value).matches()) {
                errors.addViolation(path.key(key), valueMessage);
            }
        }
        boolean service = tags.containsKey(SERVICE_TAG);
        if (options.forbidService() && service) {
            errors.addViolation(path, GoQuote.quote(SERVICE_TAG) + " must not be defined");
        }
        if (options.requireService() && !service) {
            errors.addViolation(path, "mandatory tag " + GoQuote.quote(SERVICE_TAG) + " is missing");
        }
        return errors;
    }
}
