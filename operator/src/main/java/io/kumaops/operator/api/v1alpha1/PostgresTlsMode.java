package io.kumaops.operator.api.v1alpha1;

public enum PostgresTlsMode {
    Disable, VerifyNone, VerifyCa, VerifyFull
}
