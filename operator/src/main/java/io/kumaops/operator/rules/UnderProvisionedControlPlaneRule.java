package io.kumaops.operator.rules;

import io.kumaops.operator.api.v1alpha1.ComputeResources;
import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.FindingSource;
import io.kumaops.operator.api.v1alpha1.ResourceRequirementsSpec;
import io.kumaops.operator.api.v1alpha1.Severity;
import io.kumaops.operator.model.ClusterObservation.ControlPlaneDeployment;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The control plane holds every data plane's config in memory (about 1 MiB each) and recomputes it on change;
 * below that it is OOM-killed or slow to push config.
 */
public final class UnderProvisionedControlPlaneRule extends AbstractRule {

    public static final String CODE = "UnderProvisionedControlPlane";

    public UnderProvisionedControlPlaneRule() {
        super(CODE, Severity.Warning);
    }

    @Override
    public RuleDoc doc() {
        return new RuleDoc(
                "Control-plane requests are below what the mesh's data planes need.",
                "The control plane keeps about 1 MiB per data plane and regenerates proxy config on every change. Below"
                        + " 256Mi + 1 MiB per data plane (and below 4 CPU / 2Gi from 1000 data planes) it is OOM-killed or"
                        + " pushes config late. Data planes counted: the larger of spec.controlPlane.expectedDataplanes and"
                        + " the observed count.",
                "Raise spec.controlPlane.resources.requests (with controlPlane.manage: true the operator applies them),"
                        + " or Helm controlPlane.resources.requests, to the figures in the finding.",
                RuleDoc.Evidence.Both,
                "kuma-website introduction/kuma-requirements.md (~1 MB per data plane; 4 vCPU / 2 GB for 1000+); base 256Mi ="
                        + " Kuma Helm default request (chart v2.14.3).");
    }

    @Override
    public List<Finding> evaluate(RuleContext context) {
        Optional<io.kumaops.operator.model.Known<Integer>> counted = EffectiveFacts.dataplanes(context);
        int dataplanes = counted.map(io.kumaops.operator.model.Known::value).orElse(0);
        boolean dataplanesFromCluster = counted.map(io.kumaops.operator.model.Known::fromCluster).orElse(false);
        String sizedFor = counted.isEmpty() ? "an empty mesh"
                : dataplanes + (dataplanesFromCluster ? " observed" : " expected") + " data planes";
        List<Finding> findings = new ArrayList<>();

        Request memory = memoryRequest(context);
        long neededBytes = ProductionThresholds.requiredControlPlaneMemoryBytes(dataplanes);
        // With no request anywhere the chart default applies; only worth saying when there is a mesh to size for.
        boolean judgeMemory = memory.amount != null || dataplanes > 0;
        long memoryBytes = memory.amount != null ? memory.amount : ProductionThresholds.CONTROL_PLANE_BASE_MEMORY_BYTES;
        if (judgeMemory && memoryBytes < neededBytes) {
            findings.add(Findings.of(this, source(memory, dataplanesFromCluster), memory.path,
                    memory.describe(Quantities.formatBytes(memoryBytes)) + ", below the " + Quantities.formatBytes(neededBytes)
                            + " needed for " + sizedFor + " (256Mi + 1Mi per data plane"
                            + (dataplanes >= ProductionThresholds.LARGE_MESH_DATAPLANES ? ", at least 2Gi from 1000" : "") + ")",
                    "set spec.controlPlane.resources.requests.memory: " + Quantities.formatBytes(neededBytes)));
        }

        if (dataplanes >= ProductionThresholds.LARGE_MESH_DATAPLANES) {
            Request cpu = cpuRequest(context);
            long cpuMillis = cpu.amount != null ? cpu.amount : ProductionThresholds.HELM_DEFAULT_CONTROL_PLANE_CPU_MILLIS;
            if (cpuMillis < ProductionThresholds.LARGE_MESH_CONTROL_PLANE_CPU_MILLIS) {
                String needed = Quantities.formatMillis(ProductionThresholds.LARGE_MESH_CONTROL_PLANE_CPU_MILLIS);
                findings.add(Findings.of(this, source(cpu, dataplanesFromCluster), cpu.path,
                        cpu.describe(Quantities.formatMillis(cpuMillis)) + ", below the " + needed + " CPU needed for "
                                + sizedFor + " (at least " + ProductionThresholds.LARGE_MESH_DATAPLANES + ")",
                        "set spec.controlPlane.resources.requests.cpu: \"" + needed + "\""));
            }
        }
        return findings;
    }

    /** A request and where it was read; {@code amount} is null when neither the profile nor the cluster sets one. */
    private record Request(Long amount, String path, String written, FindingSource source) {
        String describe(String formatted) {
            if (amount == null) {
                return path + " is not set, so Kuma's Helm default (" + formatted + ") applies";
            }
            return source == FindingSource.Cluster
                    ? "the control-plane container requests " + formatted
                    : path + " is " + written;
        }
    }

    private static Request memoryRequest(RuleContext context) {
        ComputeResources requests = profileRequests(context);
        if (requests != null && requests.memory != null) {
            return new Request(Quantities.bytes(requests.memory), "spec.controlPlane.resources.requests.memory",
                    Quantities.asWritten(requests.memory), FindingSource.Profile);
        }
        Optional<Long> observed = EffectiveFacts.observedControlPlane(context).map(ControlPlaneDeployment::memoryRequestBytes);
        if (observed.isPresent()) {
            return new Request(observed.get(), EffectiveFacts.controlPlaneObjectPath(context, "resources.requests.memory"),
                    Quantities.formatBytes(observed.get()), FindingSource.Cluster);
        }
        return new Request(null, "spec.controlPlane.resources.requests.memory", null, FindingSource.Profile);
    }

    private static Request cpuRequest(RuleContext context) {
        ComputeResources requests = profileRequests(context);
        if (requests != null && requests.cpu != null) {
            return new Request(Quantities.millis(requests.cpu), "spec.controlPlane.resources.requests.cpu",
                    Quantities.asWritten(requests.cpu), FindingSource.Profile);
        }
        Optional<Long> observed = EffectiveFacts.observedControlPlane(context).map(ControlPlaneDeployment::cpuRequestMillis);
        if (observed.isPresent()) {
            return new Request(observed.get(), EffectiveFacts.controlPlaneObjectPath(context, "resources.requests.cpu"),
                    Quantities.formatMillis(observed.get()), FindingSource.Cluster);
        }
        return new Request(null, "spec.controlPlane.resources.requests.cpu", null, FindingSource.Profile);
    }

    private static ComputeResources profileRequests(RuleContext context) {
        ResourceRequirementsSpec resources = EffectiveFacts.controlPlane(context).resources;
        return resources == null ? null : resources.requests;
    }

    private static FindingSource source(Request request, boolean dataplanesFromCluster) {
        return request.source == FindingSource.Cluster || dataplanesFromCluster ? FindingSource.Cluster : FindingSource.Profile;
    }
}
