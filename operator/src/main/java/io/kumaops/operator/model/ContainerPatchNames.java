package io.kumaops.operator.model;

import java.util.Arrays;
import java.util.List;

/**
 * The two places that make Kuma's injector apply a ContainerPatch: the control plane's
 * {@value #CONTROL_PLANE_ENV} (envconfig's comma-separated list, Kuma pkg/config/plugins/runtime/k8s/config.go
 * {@code ContainerPatches}) and a pod's {@value #POD_ANNOTATION} annotation (comma-separated, Kuma
 * pkg/plugins/runtime/k8s/metadata/annotations.go {@code GetList}). The injector appends the pod's names to the control
 * plane's and refuses the pod when one of them is missing (pkg/plugins/runtime/k8s/webhooks/injector/injector.go
 * {@code loadContainerPatches}), so a named patch must never be deleted.
 */
public final class ContainerPatchNames {

    public static final String CONTROL_PLANE_ENV = "KUMA_RUNTIME_KUBERNETES_INJECTOR_CONTAINER_PATCHES";
    public static final String POD_ANNOTATION = "kuma.io/container-patches";

    private ContainerPatchNames() {
    }

    /**
     * The names a list value holds, in order. Kuma splits on commas without trimming (a name written after ", " is
     * looked up with its space and never found); trimming here can only keep a patch Kuma would not have applied.
     */
    public static List<String> parse(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(name -> !name.isEmpty()).toList();
    }
}
