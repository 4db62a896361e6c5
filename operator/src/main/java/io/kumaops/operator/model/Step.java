package io.kumaops.operator.model;

/**
 * The rollout steps, in the only order they may run. Each step's resources must be observed in the API
 * server before any write of the next step.
 */
public enum Step {
    CONTROL_PLANE("0-control-plane", "Control-plane Deployment and its PodDisruptionBudget"),
    MESH("1-mesh", "The Mesh, with the mTLS it already has"),
    TRAFFIC_PERMISSION("2-traffic-permission", "The allow-all MeshTrafficPermission"),
    MTLS("3-mtls", "mTLS: CA backends and the enabled backend"),
    DEFAULTS("4-defaults", "Default policies: ContainerPatch, MeshTimeout, MeshRetry, MeshCircuitBreaker"),
    MULTI_ZONE("5-multi-zone", "Multi-zone: Zones, the global control plane's NetworkPolicy, zone ingress, the zone policy fence"),
    RESTRICT("6-restrict", "Restricted MeshTrafficPermissions, then the allow-all removed");

    private final String id;
    private final String title;

    Step(String id, String title) {
        this.id = id;
        this.title = title;
    }

    /** What the step does, in words (the table of docs/rollout.md). */
    public String title() {
        return title;
    }

    /** The value of the {@code kumaops.io/step} annotation, e.g. {@code 2-traffic-permission}. */
    public String id() {
        return id;
    }

    public static Step fromId(String id) {
        for (Step step : values()) {
            if (step.id.equals(id)) {
                return step;
            }
        }
        throw new IllegalArgumentException("unknown step " + id);
    }
}
