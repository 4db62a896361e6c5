package io.kumaops.operator.api.v1alpha1;

public enum Phase {
    Pending, Progressing, Ready, Blocked, Degraded
}
