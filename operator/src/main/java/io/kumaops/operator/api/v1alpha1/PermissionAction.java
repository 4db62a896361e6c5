package io.kumaops.operator.api.v1alpha1;

public enum PermissionAction {
    Allow, Deny, AllowWithShadowDeny
}
