package io.kumaops.operator.api.v1alpha1;

/**
 * Which control plane judges the mesh. They differ exactly where a rollout is delicate: open-source Kuma admits one
 * mTLS backend per Mesh and refuses a CA switch while mTLS is on (Kuma
 * {@code pkg/core/resources/apis/mesh/mesh_validator.go}, {@code pkg/core/managers/apis/mesh/mesh_validator.go});
 * Kong Mesh admits several backends and rotates between them.
 */
public enum Distribution {
    Kuma, KongMesh
}
