package io.kumaops.operator.rules;

import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.FindingSource;
import io.kumaops.operator.api.v1alpha1.Severity;
import io.kumaops.operator.model.Known;
import java.util.List;
import java.util.Optional;

/** Exclusive Cilium deletes other CNI configs from the node, including Kuma's chained plugin. */
public final class CiliumExclusiveCniRule extends AbstractRule {

    public static final String CODE = "CiliumExclusiveCni";

    public CiliumExclusiveCniRule() {
        super(CODE, Severity.Error);
    }

    @Override
    public RuleDoc doc() {
        return new RuleDoc(
                "Kuma CNI is enabled while Cilium owns the CNI configuration exclusively.",
                "With cni.exclusive (Cilium's default) Cilium removes every other CNI configuration on the node, so Kuma's"
                        + " chained CNI plugin is dropped and new pods start without traffic redirection.",
                "Set Cilium cni.exclusive: false and install Kuma CNI chained (Helm cni.chained: true, confName:"
                        + " 05-cilium.conflist); record it in spec.platform.cilium.cniExclusive: false.",
                RuleDoc.Evidence.Both,
                "Kuma CNI installation notes for Cilium (kuma-website): chained, confName 05-cilium.conflist, Cilium cni.exclusive=false.");
    }

    @Override
    public List<Finding> evaluate(RuleContext context) {
        if (!EffectiveFacts.isTrue(EffectiveFacts.ciliumPresent(context)) || !EffectiveFacts.isTrue(EffectiveFacts.kumaCni(context))) {
            return List.of();
        }
        Optional<Known<Boolean>> exclusive = EffectiveFacts.ciliumCniExclusive(context);
        // Cilium's own default is exclusive, so an unset value is the dangerous one.
        if (exclusive.isPresent() && !exclusive.get().value()) {
            return List.of();
        }
        String state;
        if (exclusive.isEmpty()) {
            state = "spec.platform.cilium.cniExclusive is not set and Cilium defaults to cni.exclusive: true";
        } else if (exclusive.get().fromCluster()) {
            state = "Cilium's configuration sets cni-exclusive: true";
        } else {
            state = "spec.platform.cilium.cniExclusive is true";
        }
        boolean fromCluster = exclusive.map(Known::fromCluster).orElse(false);
        return List.of(Findings.of(this, fromCluster ? FindingSource.Cluster : FindingSource.Profile,
                fromCluster ? "ConfigMap kube-system/cilium-config cni-exclusive" : "spec.platform.cilium.cniExclusive",
                "Kuma CNI is enabled but " + state + ": Cilium removes Kuma's chained CNI configuration",
                "set Cilium cni.exclusive: false and spec.platform.cilium.cniExclusive: false, and install Kuma CNI with cni.chained: true"));
    }
}
