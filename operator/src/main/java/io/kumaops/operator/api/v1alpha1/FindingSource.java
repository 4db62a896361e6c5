package io.kumaops.operator.api.v1alpha1;

/** Whether a finding was derived from the profile alone or from what the live cluster shows. */
public enum FindingSource {
    Profile, Cluster
}
