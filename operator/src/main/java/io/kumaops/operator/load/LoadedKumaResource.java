package io.kumaops.operator.load;

import java.util.Map;

/**
 * A Kuma resource (apiVersion {@code kuma.io/…}) found beside the profiles in a file {@code lint} reads: judged by
 * Kuma's admission as modelled, with its place in the file for the report.
 */
public record LoadedKumaResource(Map<String, Object> object, String source, int documentIndex, int line) {

    public String kind() {
        return String.valueOf(object.get("kind"));
    }

    @SuppressWarnings("unchecked")
    public String name() {
        Object metadata = object.get("metadata");
        Object name = metadata instanceof Map<?, ?> map ? ((Map<String, Object>) map).get("name") : null;
        return name == null ? "?" : String.valueOf(name);
    }
}
