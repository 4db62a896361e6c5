package io.kumaops.operator.plan;

/** Identity of an object: apiVersion, kind, namespace (null when cluster-scoped) and name. */
public record ResourceRef(String apiVersion, String kind, String namespace, String name) {

    public String group() {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    @Override
    public String toString() {
        return kind + " " + (namespace == null ? "" : namespace + "/") + name;
    }
}
