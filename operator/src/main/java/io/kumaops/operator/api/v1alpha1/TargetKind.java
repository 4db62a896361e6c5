package io.kumaops.operator.api.v1alpha1;

public enum TargetKind {
    Mesh, MeshSubset, MeshService, MeshServiceSubset
}
