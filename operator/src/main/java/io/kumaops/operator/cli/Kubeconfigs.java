package io.kumaops.operator.cli;

import io.fabric8.kubernetes.client.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one way the commands find their cluster: {@code --kubeconfig FILE} (and {@code --context NAME}), else fabric8's
 * autoConfigure ($KUBECONFIG, ~/.kube/config, the in-cluster service account). Failures are one line that names the
 * flag, never a stack trace.
 */
final class Kubeconfigs {

    /** A configuration, or why there is none. */
    record Loaded(Config config, String error) {
        boolean ok() {
            return error == null;
        }
    }

    private Kubeconfigs() {
    }

    /** @param requireOne refuse when no kubeconfig exists and this is no pod (fabric8 would aim at kubernetes.default.svc) */
    static Loaded load(Path kubeconfig, String context, boolean requireOne) {
        Config config;
        try {
            if (kubeconfig != null) {
                if (!Files.isReadable(kubeconfig)) {
                    return failed("--kubeconfig " + kubeconfig + ": file not readable");
                }
                config = Config.fromKubeconfig(context, Files.readString(kubeconfig), kubeconfig.toString());
            } else {
                if (requireOne && !anyFound()) {
                    return failed("no cluster: no --kubeconfig, $KUBECONFIG is not set, ~/.kube/config does not exist and this is"
                            + " not a pod; pass --kubeconfig FILE");
                }
                config = Config.autoConfigure(context);
            }
        } catch (IOException | RuntimeException e) {
            return failed((kubeconfig == null ? "cannot load the kubeconfig" : "--kubeconfig " + kubeconfig) + ": " + e.getMessage());
        }
        if (context != null && (config.getCurrentContext() == null || !context.equals(config.getCurrentContext().getName()))) {
            return failed("--context " + context + ": not found in the kubeconfig"
                    + (kubeconfig == null ? " ($KUBECONFIG or ~/.kube/config)" : " " + kubeconfig));
        }
        return new Loaded(config, null);
    }

    private static boolean anyFound() {
        boolean inPod = System.getenv("KUBERNETES_SERVICE_HOST") != null;
        boolean envKubeconfig = System.getenv("KUBECONFIG") != null && !System.getenv("KUBECONFIG").isBlank();
        boolean homeKubeconfig = Files.isReadable(Path.of(System.getProperty("user.home"), ".kube", "config"));
        return inPod || envKubeconfig || homeKubeconfig;
    }

    private static Loaded failed(String error) {
        return new Loaded(null, error);
    }
}
