package io.kumaops.operator.deploy;

import java.nio.file.Path;

/**
 * deploy/argocd/argocd-cm-patch.yaml is generated from the health check's health.lua: the script is embedded
 * verbatim under the argocd-cm key Argo CD reads. {@link ArgoCdHealthCheckTest} fails when the committed file is
 * stale; {@code -Dkumaops.regenerateDocs=true} rewrites it.
 */
final class ArgoCdConfigMapPatch {

    static final String HEALTH_KEY = "resource.customizations.health.kumaops.io_KumaProductionProfile";
    static final String REGENERATE_COMMAND =
            "mvn -B -o -pl operator test -Dtest=ArgoCdHealthCheckTest -Dkumaops.regenerateDocs=true";
    private static final String INDENT = "    ";

    private ArgoCdConfigMapPatch() {
    }

    static Path argocd() {
        return ChartSupport.projectRoot().resolve("deploy/argocd");
    }

    /** Argo CD's layout: resource_customizations/&lt;group&gt;/&lt;Kind&gt;/health.lua. */
    static Path customizations() {
        return argocd().resolve("resource_customizations");
    }

    static Path healthScript() {
        return customizations().resolve("kumaops.io/KumaProductionProfile/health.lua");
    }

    static Path patch() {
        return argocd().resolve("argocd-cm-patch.yaml");
    }

    static String generate() {
        String script = ChartSupport.read(healthScript());
        if (!script.endsWith("\n") || script.endsWith("\n\n")) {
            // A YAML literal block with the default chomping keeps exactly one final line break.
            throw new IllegalStateException(healthScript() + " must end with exactly one line break");
        }
        StringBuilder out = new StringBuilder()
                .append("# Registers the KumaProductionProfile health check with Argo CD. Merge it into argocd-cm, e.g.\n")
                .append("#   kubectl -n argocd patch configmap argocd-cm --patch-file deploy/argocd/argocd-cm-patch.yaml\n")
                .append("# or add the data key to the Argo CD Helm chart's configs.cm values.\n")
                .append("# Generated from ").append(argocd().relativize(healthScript()).toString().replace('\\', '/'))
                .append(" beside this file\n")
                .append("# (the script verbatim). Do not edit; regenerate with:\n")
                .append("#   ").append(REGENERATE_COMMAND).append('\n')
                .append("apiVersion: v1\n")
                .append("kind: ConfigMap\n")
                .append("metadata:\n")
                .append("  name: argocd-cm\n")
                .append("  namespace: argocd\n")
                .append("  labels:\n")
                .append("    app.kubernetes.io/name: argocd-cm\n")
                .append("    app.kubernetes.io/part-of: argocd\n")
                .append("data:\n")
                .append("  ").append(HEALTH_KEY).append(": |\n");
        for (String line : script.substring(0, script.length() - 1).split("\n", -1)) {
            out.append(line.isEmpty() ? "" : INDENT + line).append('\n');
        }
        return out.toString();
    }

    static void write() {
        ChartSupport.write(patch(), generate());
    }
}
