package io.kumaops.operator.plan;

/** Test access to the zone fence's CEL literal. */
public final class ZonePolicyFenceAccess {

    private ZonePolicyFenceAccess() {
    }

    public static String cel(String value) {
        return ZonePolicyFence.cel(value);
    }
}
