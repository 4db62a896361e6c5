package io.kumaops.operator.rules;

import io.fabric8.kubernetes.api.model.Quantity;
import io.kumaops.operator.api.v1alpha1.ComputeResources;
import io.kumaops.operator.api.v1alpha1.Finding;
import java.util.ArrayList;
import java.util.List;

/**
 * Compares a requests or limits block with a CPU / memory floor: one finding per field that is below it, or one for
 * the whole block when none of it is set (then Kuma's own default applies).
 *
 * @param path          e.g. {@code spec.sidecar.requests}
 * @param minCpuMillis  the CPU floor
 * @param minBytes      the memory floor
 * @param kumaDefault   what applies when unset, for the message, e.g. {@code 50m CPU / 64Mi}
 */
record ResourceFloor(String path, long minCpuMillis, long minBytes, String kumaDefault) {

    List<Finding> check(Rule rule, ComputeResources resources) {
        String floor = Quantities.formatMillis(minCpuMillis) + " CPU / " + Quantities.formatBytes(minBytes);
        if (resources == null || (resources.cpu == null && resources.memory == null)) {
            return List.of(Findings.fromProfile(rule, path,
                    path + " is not set, so Kuma's default (" + kumaDefault + ") applies, below " + floor,
                    "set " + path + ": {cpu: " + Quantities.formatMillis(minCpuMillis) + ", memory: "
                            + Quantities.formatBytes(minBytes) + "} or higher"));
        }
        List<Finding> findings = new ArrayList<>();
        checkField(rule, "cpu", resources.cpu, Quantities.millis(resources.cpu), minCpuMillis,
                Quantities.formatMillis(minCpuMillis), findings);
        checkField(rule, "memory", resources.memory, Quantities.bytes(resources.memory), minBytes,
                Quantities.formatBytes(minBytes), findings);
        return findings;
    }

    /** Only the memory floor: for limits where a CPU limit is not expected (Kuma 2.14 sets none by default). */
    List<Finding> checkMemory(Rule rule, ComputeResources resources) {
        List<Finding> findings = new ArrayList<>();
        checkField(rule, "memory", resources == null ? null : resources.memory,
                resources == null ? null : Quantities.bytes(resources.memory), minBytes, Quantities.formatBytes(minBytes), findings);
        return findings;
    }

    private void checkField(Rule rule, String field, Quantity written, Long amount, long minimum, String minimumText,
                            List<Finding> findings) {
        String fieldPath = path + "." + field;
        if (written == null) {
            findings.add(Findings.fromProfile(rule, fieldPath,
                    fieldPath + " is not set, so Kuma's default applies (" + kumaDefault + "), below " + minimumText,
                    "set " + fieldPath + ": " + minimumText));
        } else if (amount != null && amount < minimum) {
            findings.add(Findings.fromProfile(rule, fieldPath,
                    fieldPath + " is " + Quantities.asWritten(written) + ", below " + minimumText,
                    "set " + fieldPath + ": " + minimumText + " or higher"));
        }
    }
}
