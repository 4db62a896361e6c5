package io.kumaops.operator.plan;

import io.kumaops.operator.api.v1alpha1.ComputeResources;
import io.kumaops.operator.model.Step;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small builders of object bodies the step planners share. */
final class Bodies {

    private Bodies() {
    }

    /** An insertion-ordered map, so rendered YAML is identical run after run (Map.of's order is not). */
    static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    static PlannedStep empty(Step step, String note) {
        return new PlannedStep(step, List.of(), List.of(), List.of(note));
    }

    static Map<String, Object> envVar(String name, String value) {
        Map<String, Object> variable = new LinkedHashMap<>();
        variable.put("name", name);
        variable.put("value", value);
        return variable;
    }

    static void putResources(Map<String, Object> target, String key, ComputeResources resources) {
        if (resources == null) {
            return;
        }
        Map<String, Object> values = new LinkedHashMap<>();
        if (resources.cpu != null) {
            values.put("cpu", resources.cpu.toString());
        }
        if (resources.memory != null) {
            values.put("memory", resources.memory.toString());
        }
        if (!values.isEmpty()) {
            target.put(key, values);
        }
    }

    static void putIfSet(Map<String, Object> target, String key, Object value) {
        if (value != null) {
            target.put(key, value);
        }
    }

    static Map<String, Object> tcpPort(int port) {
        return map("protocol", "TCP", "port", port);
    }
}
