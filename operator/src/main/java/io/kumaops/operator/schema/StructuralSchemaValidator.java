package io.kumaops.operator.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.re2j.Pattern;
import io.kumaops.operator.model.Quoted;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Checks a value against a Kubernetes structural (OpenAPI v3) schema the way the API server's admission does,
 * and stricter in one place: a field the schema does not know is an error instead of being silently pruned, so
 * a misspelled field is reported rather than lost.
 *
 * <p>A {@code pattern} is matched as the API server matches it: Go's {@code regexp.MatchString}, RE2 semantics, where
 * {@code $} is the end of the text (Java's {@code $} also matches before a final line break, so {@code "2.14\n"}
 * would pass {@code ^2\.14$}). RE2 also matches in linear time, so no value can make a pattern backtrack for long.
 * {@code format: int32} and {@code int64} bound integers as the API server's decoder does.
 */
public final class StructuralSchemaValidator {

    private static final BigDecimal INT32_MIN = BigDecimal.valueOf(Integer.MIN_VALUE);
    private static final BigDecimal INT32_MAX = BigDecimal.valueOf(Integer.MAX_VALUE);
    private static final BigDecimal INT64_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal INT64_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    private final JsonNode rootSchema;
    private final Map<String, Pattern> patterns = new ConcurrentHashMap<>();

    public StructuralSchemaValidator(JsonNode rootSchema) {
        this.rootSchema = rootSchema;
    }

    /** Every violation, as {@code path: problem}; empty when the value conforms. */
    public List<String> validate(JsonNode value, String rootPath) {
        List<String> errors = new ArrayList<>();
        check(rootSchema, value, rootPath, errors);
        return errors;
    }

    private void check(JsonNode schema, JsonNode value, String path, List<String> errors) {
        if (schema == null || schema.isMissingNode()) {
            return;
        }
        if (value == null || value.isNull()) {
            if (!schema.path("nullable").asBoolean(false)) {
                errors.add(path + ": must not be null");
            }
            return;
        }
        if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
            if (!(value.isIntegralNumber() || value.isTextual())) {
                errors.add(path + ": must be an integer or a string, got " + describe(value));
            }
            return;
        }
        if (schema.has("anyOf") && !schema.has("type")) {
            checkAnyOf(schema, value, path, errors);
            return;
        }
        String type = schema.path("type").asText("");
        switch (type) {
            case "object" -> checkObject(schema, value, path, errors);
            case "array" -> checkArray(schema, value, path, errors);
            case "string" -> checkString(schema, value, path, errors);
            case "integer" -> checkNumber(schema, value, path, errors, true);
            case "number" -> checkNumber(schema, value, path, errors, false);
            case "boolean" -> {
                if (!value.isBoolean()) {
                    errors.add(path + ": must be true or false, got " + describe(value));
                }
            }
            default -> {
                // No type: x-kubernetes-preserve-unknown-fields or an unconstrained value; nothing to check.
            }
        }
    }

    private void checkAnyOf(JsonNode schema, JsonNode value, String path, List<String> errors) {
        for (JsonNode alternative : schema.get("anyOf")) {
            List<String> attempt = new ArrayList<>();
            check(alternative, value, path, attempt);
            if (attempt.isEmpty()) {
                return;
            }
        }
        errors.add(path + ": does not match any allowed form, got " + describe(value));
    }

    private void checkObject(JsonNode schema, JsonNode value, String path, List<String> errors) {
        if (!value.isObject()) {
            errors.add(path + ": must be an object, got " + describe(value));
            return;
        }
        for (JsonNode required : schema.path("required")) {
            JsonNode field = value.get(required.asText());
            if (field == null || field.isNull()) {
                errors.add(join(path, required.asText()) + ": is required");
            }
        }
        JsonNode properties = schema.path("properties");
        JsonNode additional = schema.get("additionalProperties");
        boolean preserveUnknown = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String fieldPath = join(path, field.getKey());
            if (properties.has(field.getKey())) {
                check(properties.get(field.getKey()), field.getValue(), fieldPath, errors);
            } else if (additional != null && additional.isObject()) {
                check(additional, field.getValue(), fieldPath, errors);
            } else if (additional != null && additional.asBoolean(false) || preserveUnknown) {
                // Free-form by design.
            } else if (properties.size() > 0 || additional != null) {
                errors.add(fieldPath + ": unknown field" + suggestion(properties));
            }
        }
    }

    private static String suggestion(JsonNode properties) {
        List<String> names = new ArrayList<>();
        properties.fieldNames().forEachRemaining(names::add);
        return names.isEmpty() ? "" : " (known fields: " + String.join(", ", names) + ")";
    }

    private void checkArray(JsonNode schema, JsonNode value, String path, List<String> errors) {
        if (!value.isArray()) {
            errors.add(path + ": must be a list, got " + describe(value));
            return;
        }
        if (schema.has("minItems") && value.size() < schema.get("minItems").asInt()) {
            errors.add(path + ": needs at least " + schema.get("minItems").asInt() + " items");
        }
        if (schema.has("maxItems") && value.size() > schema.get("maxItems").asInt()) {
            errors.add(path + ": allows at most " + schema.get("maxItems").asInt() + " items");
        }
        JsonNode items = schema.get("items");
        for (int i = 0; i < value.size(); i++) {
            check(items, value.get(i), path + "[" + i + "]", errors);
        }
    }

    private void checkString(JsonNode schema, JsonNode value, String path, List<String> errors) {
        if (!value.isTextual()) {
            errors.add(path + ": must be a string, got " + describe(value) + " (quote it)");
            return;
        }
        String text = value.asText();
        if (schema.has("enum")) {
            List<String> allowed = new ArrayList<>();
            schema.get("enum").forEach(e -> allowed.add(e.asText()));
            if (!allowed.contains(text)) {
                errors.add(path + ": " + Quoted.of(text) + " is not allowed; use one of " + String.join(", ", allowed));
            }
        }
        // Characters as the API server counts them: code points, not UTF-16 units.
        int length = text.codePointCount(0, text.length());
        if (schema.has("maxLength") && length > schema.get("maxLength").asInt()) {
            errors.add(path + ": must be at most " + schema.get("maxLength").asInt() + " characters, got " + length);
            return;
        }
        if (schema.has("minLength") && length < schema.get("minLength").asInt()) {
            errors.add(path + ": must be at least " + schema.get("minLength").asInt() + " characters");
        }
        if (schema.has("pattern") && !pattern(schema.get("pattern").asText()).matcher(text).find()) {
            errors.add(path + ": " + Quoted.of(text) + " does not match " + schema.get("pattern").asText());
        }
    }

    private void checkNumber(JsonNode schema, JsonNode value, String path, List<String> errors, boolean integral) {
        if (integral ? !value.isIntegralNumber() : !value.isNumber()) {
            errors.add(path + ": must be " + (integral ? "an integer" : "a number") + ", got " + describe(value));
            return;
        }
        if (!Double.isFinite(value.asDouble())) {
            errors.add(path + ": must be a finite number, got " + value.asText());
            return;
        }
        BigDecimal number = value.decimalValue();
        if (schema.has("minimum") && number.compareTo(schema.get("minimum").decimalValue()) < 0) {
            errors.add(path + ": must be at least " + number(schema.get("minimum")) + ", got " + shown(value));
            return;
        }
        if (schema.has("maximum") && number.compareTo(schema.get("maximum").decimalValue()) > 0) {
            errors.add(path + ": must be at most " + number(schema.get("maximum")) + ", got " + shown(value));
            return;
        }
        String format = schema.path("format").asText("");
        if (integral && format.equals("int32") && (number.compareTo(INT32_MIN) < 0 || number.compareTo(INT32_MAX) > 0)) {
            errors.add(path + ": must be a 32-bit integer (at most " + Integer.MAX_VALUE + "), got " + shown(value));
            return;
        }
        if (integral && format.equals("int64") && (number.compareTo(INT64_MIN) < 0 || number.compareTo(INT64_MAX) > 0)) {
            errors.add(path + ": must be a 64-bit integer (at most " + Long.MAX_VALUE + "), got " + shown(value));
            return;
        }
        if (schema.has("enum")) {
            List<String> allowed = new ArrayList<>();
            schema.get("enum").forEach(e -> allowed.add(e.asText()));
            if (!allowed.contains(value.asText())) {
                errors.add(path + ": " + shown(value) + " is not allowed; use one of "
                        + allowed.stream().collect(Collectors.joining(", ")));
            }
        }
    }

    private Pattern pattern(String regex) {
        return patterns.computeIfAbsent(regex, Pattern::compile);
    }

    /** A number as written, cut when it is absurdly long. */
    private static String shown(JsonNode value) {
        String text = value.asText();
        return text.length() <= Quoted.MAX_SHOWN ? text : text.substring(0, Quoted.MAX_SHOWN) + "… (" + text.length() + " digits)";
    }

    private static String number(JsonNode bound) {
        double value = bound.asDouble();
        return value == Math.rint(value) ? Long.toString((long) value) : bound.asText();
    }

    private static String join(String path, String field) {
        return Quoted.field(path, field);
    }

    private static String describe(JsonNode value) {
        if (value.isTextual()) {
            return "the string " + Quoted.of(value.asText());
        }
        if (value.isObject()) {
            return "an object";
        }
        if (value.isArray()) {
            return "a list";
        }
        return shown(value);
    }
}
