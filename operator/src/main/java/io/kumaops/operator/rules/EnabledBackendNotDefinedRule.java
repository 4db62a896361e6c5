package io.kumaops.operator.rules;

import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.MtlsSpec;
import io.kumaops.operator.api.v1alpha1.Severity;
import io.kumaops.operator.model.Step;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** Kuma rejects a Mesh whose enabledBackend names no backend; the mTLS step cannot be written. */
public final class EnabledBackendNotDefinedRule extends AbstractRule {

    public static final String CODE = "EnabledBackendNotDefined";

    public EnabledBackendNotDefinedRule() {
        super(CODE, Severity.Error);
    }

    @Override
    public Set<Step> blocks() {
        return Set.of(Step.MTLS);
    }

    @Override
    public RuleDoc doc() {
        return new RuleDoc(
                "mTLS is enabled but enabledBackend names no listed backend.",
                "Kuma enables mTLS with the backend enabledBackend names. When it is empty or names no entry of backends,"
                        + " Kuma's webhook rejects the Mesh and mTLS cannot be switched on.",
                "Set spec.mtls.enabledBackend to the name of one of spec.mtls.backends.",
                RuleDoc.Evidence.Profile,
                "Mesh.mtls.enabledBackend / backends[] (kumahq/kuma api/mesh/v1alpha1/mesh.proto).");
    }

    @Override
    public List<Finding> evaluate(RuleContext context) {
        MtlsSpec mtls = EffectiveFacts.mtls(context);
        if (!EffectiveFacts.mtlsEnabled(context)) {
            return List.of();
        }
        List<String> names = mtls.backends == null ? List.of()
                : mtls.backends.stream().filter(Objects::nonNull).map(backend -> backend.name).filter(Objects::nonNull).toList();
        String listed = names.isEmpty() ? "no backends are listed" : "backends are " + String.join(", ", names);
        if (mtls.enabledBackend == null || mtls.enabledBackend.isBlank()) {
            return List.of(Findings.fromProfile(this, "spec.mtls.enabledBackend",
                    "spec.mtls.enabled is true but spec.mtls.enabledBackend is empty (" + listed + ")",
                    names.isEmpty()
                            ? "add a backend to spec.mtls.backends, e.g. {name: ca-1, type: Builtin}, and set spec.mtls.enabledBackend: ca-1"
                            : "set spec.mtls.enabledBackend: " + names.get(0)));
        }
        if (!names.contains(mtls.enabledBackend)) {
            return List.of(Findings.fromProfile(this, "spec.mtls.enabledBackend",
                    "spec.mtls.enabledBackend is \"" + mtls.enabledBackend + "\" but " + listed,
                    names.isEmpty()
                            ? "add {name: " + mtls.enabledBackend + ", type: Builtin} to spec.mtls.backends"
                            : "set spec.mtls.enabledBackend to one of " + String.join(", ", names)
                                    + ", or add a backend named " + mtls.enabledBackend + " to spec.mtls.backends"));
        }
        return List.of();
    }
}
