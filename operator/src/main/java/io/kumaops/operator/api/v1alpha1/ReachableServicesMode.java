package io.kumaops.operator.api.v1alpha1;

public enum ReachableServicesMode {
    Auto, Enabled, Disabled
}
