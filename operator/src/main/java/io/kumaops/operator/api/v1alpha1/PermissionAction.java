package io.kumaops.operator.api.v1alpha1;

public enum PermissionAction {
    Allow, Deny, AllowWithShadowDeny;

    /**
     * Whether traffic gets through: AllowWithShadowDeny allows and only logs what a Deny would have refused (Kuma
     * {@code pkg/plugins/policies/meshtrafficpermission/api/v1alpha1/meshtrafficpermission.go}). The planner's
     * "may the allow-all go" and the rules' "would the mesh go silent" both ask this one question.
     */
    public boolean letsTrafficThrough() {
        return this != Deny;
    }
}
