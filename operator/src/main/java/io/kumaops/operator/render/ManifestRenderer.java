package io.kumaops.operator.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import io.kumaops.operator.model.DesiredResource;
import io.kumaops.operator.model.Quoted;
import io.kumaops.operator.plan.Plan;
import io.kumaops.operator.plan.PlannedStep;
import io.kumaops.operator.model.ResourceRef;
import io.kumaops.operator.model.Step;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Writes plans as apply-ordered multi-document YAML or as a JSON {@code List}. */
public final class ManifestRenderer {

    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .stringQuotingChecker(new NumberLikeQuoted())
            .build());

    /**
     * Jackson leaves {@code 1e5}, {@code 0x1F} or {@code 1_000} unquoted, and YAML readers (kubectl's among them)
     * then read a number where the object has a string — a name {@code 1e999999999} would arrive as infinity.
     * Anything that starts like a number and holds only number characters is quoted.
     */
    static final class NumberLikeQuoted extends StringQuotingChecker.Default {
        private static final long serialVersionUID = 1L;
        private static final java.util.regex.Pattern NUMBER_LIKE =
                java.util.regex.Pattern.compile("[-+]?(\\.?[0-9])[0-9a-fA-FxXoObB_.:eE+-]*|[-+]?\\.(inf|Inf|INF|nan|NaN|NAN)");

        @Override
        public boolean needToQuoteName(String name) {
            return super.needToQuoteName(name) || NUMBER_LIKE.matcher(name).matches();
        }

        @Override
        public boolean needToQuoteValue(String value) {
            return super.needToQuoteValue(value) || NUMBER_LIKE.matcher(value).matches();
        }
    }
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ManifestRenderer() {
    }

    /**
     * @param blocked steps that must not run (an Error finding makes them unsafe), with the reason; the steps
     *                after the first blocked one are not rendered either, since they may only follow it
     */
    public static String yaml(List<Plan> plans, Map<String, Map<Step, String>> blocked) {
        StringBuilder out = new StringBuilder();
        for (Plan plan : plans) {
            out.append("# profile ").append(comment(plan.profileName())).append(", mesh ").append(comment(plan.meshName()))
                    .append(": resources in apply order; apply each step only once the previous one is observed\n");
            Map<Step, String> blockedSteps = blocked.getOrDefault(plan.profileName(), Map.of());
            for (PlannedStep step : plan.steps()) {
                if (blockedSteps.containsKey(step.step())) {
                    out.append("# step ").append(step.step().id()).append(" is blocked: ").append(comment(blockedSteps.get(step.step())))
                            .append("; later steps are not rendered\n");
                    break;
                }
                for (String note : step.notes()) {
                    // Why a step emits less than one might expect (e.g. no fence where the API is not served).
                    out.append("# step ").append(step.step().id()).append(": ").append(comment(note.replace('\n', ' '))).append('\n');
                }
                for (DesiredResource resource : step.apply()) {
                    out.append("---\n").append(toYaml(resource.body()));
                }
                for (ResourceRef deletion : step.delete()) {
                    out.append("# step ").append(step.step().id()).append(": then delete ").append(comment(deletion.toString()))
                            .append(" (").append(comment(deletion.apiVersion())).append(") once the documents above are observed\n");
                }
            }
        }
        return out.toString();
    }

    /**
     * Text for a YAML comment line. Profile fields reach these comments; a line break in one would end the comment
     * and start a document of the reader's choosing, so every break and control character is escaped.
     */
    static String comment(String text) {
        return Quoted.oneLine(text);
    }

    public static String json(List<Plan> plans, Map<String, Map<Step, String>> blocked) {
        List<Object> items = new ArrayList<>();
        for (Plan plan : plans) {
            Set<Step> blockedSteps = blocked.getOrDefault(plan.profileName(), Map.of()).keySet();
            for (PlannedStep step : plan.steps()) {
                if (blockedSteps.contains(step.step())) {
                    break;
                }
                step.apply().forEach(resource -> items.add(resource.body()));
            }
        }
        return jsonList(items);
    }

    /** Objects as one JSON v1 List. */
    public static String jsonList(List<Object> items) {
        Map<String, Object> list = new LinkedHashMap<>();
        list.put("apiVersion", "v1");
        list.put("kind", "List");
        list.put("items", items);
        try {
            return JSON.writeValueAsString(list) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String toYaml(Object value) {
        try {
            return YAML.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
