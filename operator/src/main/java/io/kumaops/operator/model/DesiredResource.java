package io.kumaops.operator.model;

import java.util.Map;

/**
 * One object the plan wants in the API server: its identity and the full body to apply (apiVersion, kind,
 * metadata, spec) as ordered maps, so rendering is stable.
 *
 * @param patchOnly      the object belongs to someone else (the control-plane Deployment): the operator only sets
 *                       its own fields on it, never creates or deletes it
 * @param forceOwnership take over fields another field manager owns (an explicit choice in the profile)
 */
public record DesiredResource(Step step, ResourceRef ref, Map<String, Object> body, boolean patchOnly, boolean forceOwnership) {

    public DesiredResource(Step step, ResourceRef ref, Map<String, Object> body) {
        this(step, ref, body, false, false);
    }

    /**
     * Marks an object someone else owns. It keeps the profile label and step annotation, but not
     * app.kubernetes.io/managed-by: that label belongs to its installer (Helm writes "Helm" there).
     */
    @SuppressWarnings("unchecked")
    public DesiredResource asPatchOnly(boolean force) {
        Map<String, Object> metadata = (Map<String, Object>) body.get("metadata");
        if (metadata != null && metadata.get("labels") instanceof Map<?, ?> labels) {
            ((Map<String, Object>) labels).remove(Labels.MANAGED_BY);
        }
        return new DesiredResource(step, ref, body, true, force);
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> spec() {
        return (Map<String, Object>) body.get("spec");
    }
}
