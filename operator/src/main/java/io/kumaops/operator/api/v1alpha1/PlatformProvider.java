package io.kumaops.operator.api.v1alpha1;

public enum PlatformProvider {
    Generic, GKE, GKEAutopilot, EKS, AKS, OpenShift
}
