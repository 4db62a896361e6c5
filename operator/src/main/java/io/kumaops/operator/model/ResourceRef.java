package io.kumaops.operator.model;

/** Identity of an object: apiVersion, kind, namespace (null when cluster-scoped) and name. */
public record ResourceRef(String apiVersion, String kind, String namespace, String name) {

    /** Identifies an object whatever API version it is read through: kind, namespace (empty when cluster-scoped), name. */
    public static String objectKey(String kind, String namespace, String name) {
        return kind + "/" + (namespace == null ? "" : namespace) + "/" + name;
    }

    public String objectKey() {
        return objectKey(kind, namespace, name);
    }

    public String group() {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    @Override
    public String toString() {
        return kind + " " + (namespace == null ? "" : namespace + "/") + name;
    }
}
