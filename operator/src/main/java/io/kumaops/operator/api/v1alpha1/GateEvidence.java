package io.kumaops.operator.api.v1alpha1;

/**
 * What the rollout's gates wait for. {@code Kuma}: Kuma's own reports (MeshInsight), never the API server alone.
 * {@code ApiServerOnly}: for clusters with Kuma's CRDs but no control plane reporting; a step then passes once the API
 * server stores what it wrote (Warning finding KumaGatesDisabled).
 */
public enum GateEvidence {
    Kuma, ApiServerOnly
}
