package io.kumaops.operator.api.v1alpha1;

public enum RolloutStrategy {
    Immediate, Canary
}
