package io.kumaops.operator.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * One production profile for one Kuma mesh. Cluster-scoped: it is not {@link Namespaced}.
 */
@Group(KumaProductionProfile.GROUP)
@Version(KumaProductionProfile.VERSION)
@Kind(KumaProductionProfile.KIND)
@Plural("kumaproductionprofiles")
@Singular("kumaproductionprofile")
@ShortNames("kpp")
@AdditionalPrinterColumn(name = "Mesh", jsonPath = ".status.meshName", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Step", jsonPath = ".status.currentStep", type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Errors", jsonPath = ".status.summary.errors", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Warnings", jsonPath = ".status.summary.warnings", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class KumaProductionProfile extends CustomResource<KumaProductionProfileSpec, KumaProductionProfileStatus> {

    public static final String GROUP = "kumaops.io";
    public static final String VERSION = "v1alpha1";
    public static final String KIND = "KumaProductionProfile";
    public static final String API_VERSION = GROUP + "/" + VERSION;

    /**
     * No spec by default: frameworks build fresh instances to apply only metadata or status, and a default spec
     * there would be applied over the user's. {@link #effectiveSpec()} gives the defaults when spec is absent.
     */
    @Override
    protected KumaProductionProfileSpec initSpec() {
        return null;
    }

    /** The spec, or an all-defaults spec when the object has none ({@code spec: {}} and no spec mean the same). */
    public KumaProductionProfile withDefaultedSpec() {
        if (getSpec() == null) {
            setSpec(new KumaProductionProfileSpec());
        }
        return this;
    }

    @Override
    protected KumaProductionProfileStatus initStatus() {
        return null;
    }

    /** The mesh this profile governs: {@code spec.mesh.name}, or the profile's own name. */
    public String meshName() {
        KumaProductionProfileSpec spec = getSpec();
        if (spec != null && spec.mesh != null && spec.mesh.name != null && !spec.mesh.name.isBlank()) {
            return spec.mesh.name;
        }
        return getMetadata() == null ? null : getMetadata().getName();
    }
}
