package io.kumaops.operator.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks a value against a Kubernetes structural (OpenAPI v3) schema the way the API server's admission does,
 * and stricter in one place: a field the schema does not know is an error instead of being silently pruned, so
 * a misspelled field is reported rather than lost.
 */
public final class StructuralSchemaValidator {

    private final JsonNode rootSchema;

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
                errors.add(path + ": \"" + text + "\" is not allowed; use one of " + String.join(", ", allowed));
            }
        }
        if (schema.has("pattern") && !Pattern.compile(schema.get("pattern").asText()).matcher(text).find()) {
            errors.add(path + ": \"" + text + "\" does not match " + schema.get("pattern").asText());
        }
        if (schema.has("minLength") && text.length() < schema.get("minLength").asInt()) {
            errors.add(path + ": must be at least " + schema.get("minLength").asInt() + " characters");
        }
        if (schema.has("maxLength") && text.length() > schema.get("maxLength").asInt()) {
            errors.add(path + ": must be at most " + schema.get("maxLength").asInt() + " characters");
        }
    }

    private void checkNumber(JsonNode schema, JsonNode value, String path, List<String> errors, boolean integral) {
        if (integral ? !value.isIntegralNumber() : !value.isNumber()) {
            errors.add(path + ": must be " + (integral ? "an integer" : "a number") + ", got " + describe(value));
            return;
        }
        if (schema.has("minimum") && value.asDouble() < schema.get("minimum").asDouble()) {
            errors.add(path + ": must be at least " + number(schema.get("minimum")) + ", got " + value.asText());
        }
        if (schema.has("maximum") && value.asDouble() > schema.get("maximum").asDouble()) {
            errors.add(path + ": must be at most " + number(schema.get("maximum")) + ", got " + value.asText());
        }
        if (schema.has("enum")) {
            List<String> allowed = new ArrayList<>();
            schema.get("enum").forEach(e -> allowed.add(e.asText()));
            if (!allowed.contains(value.asText())) {
                errors.add(path + ": " + value.asText() + " is not allowed; use one of "
                        + allowed.stream().collect(Collectors.joining(", ")));
            }
        }
    }

    private static String number(JsonNode bound) {
        double value = bound.asDouble();
        return value == Math.rint(value) ? Long.toString((long) value) : bound.asText();
    }

    private static String join(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    private static String describe(JsonNode value) {
        if (value.isTextual()) {
            return "the string \"" + value.asText() + "\"";
        }
        if (value.isObject()) {
            return "an object";
        }
        if (value.isArray()) {
            return "a list";
        }
        return value.asText();
    }
}
