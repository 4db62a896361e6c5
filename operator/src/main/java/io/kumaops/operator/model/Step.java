package io.kumaops.operator.model;

/**
 * The rollout steps, in the only order they may run. Each step's resources must be observed in the API
 * server before any write of the next step.
 */
public enum Step {
    CONTROL_PLANE("0-control-plane"),
    MESH("1-mesh"),
    TRAFFIC_PERMISSION("2-traffic-permission"),
    MTLS("3-mtls"),
    DEFAULTS("4-defaults"),
    MULTI_ZONE("5-multi-zone"),
    RESTRICT("6-restrict");

    private final String id;

    Step(String id) {
        this.id = id;
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
