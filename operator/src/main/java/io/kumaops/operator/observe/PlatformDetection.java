package io.kumaops.operator.observe;

import java.util.List;
import java.util.Map;

/**
 * Names the managed platform from signals any reader of the API can see; pure, so each signal has a unit test.
 * docs/observation.md lists every signal and its source. A provider is named only on positive evidence: no nodes
 * to look at means "not observed" (null), never a guess, because an explicit spec.platform.provider that contradicts
 * a guess would be reported as a contradiction.
 */
public final class PlatformDetection {

    /** Served by every OpenShift 4 cluster (ClusterVersion, ClusterOperator …). */
    public static final String OPENSHIFT_API_GROUP = "config.openshift.io";
    /** A handful of nodes is enough: providers label all their nodes alike, and the list stays cheap. */
    static final long NODES_SAMPLED = 10;

    /** What one node shows: its name, spec.providerID and labels. */
    public record NodeFacts(String name, String providerId, Map<String, String> labels) {
        public NodeFacts {
            labels = labels == null ? Map.of() : labels;
        }

        boolean hasLabel(String key) {
            return labels.containsKey(key);
        }

        boolean providerIdStartsWith(String prefix) {
            return providerId != null && providerId.startsWith(prefix);
        }
    }

    private PlatformDetection() {
    }

    /**
     * @param openShiftApi  the config.openshift.io API group is served
     * @param nodes         a sample of the nodes, or null when they could not be listed
     * @param serverVersion gitVersion of /version (GKE and EKS builds carry their name), or null
     * @return OpenShift, GKEAutopilot, GKE, EKS, AKS, Generic, or null when nothing was observed
     */
    public static String detect(boolean openShiftApi, List<NodeFacts> nodes, String serverVersion) {
        // OpenShift first: ROSA / ARO run on AWS / Azure nodes, and the restricted SCC is what matters for Kuma.
        if (openShiftApi) {
            return "OpenShift";
        }
        List<NodeFacts> sample = nodes == null ? List.of() : nodes;
        if (sample.stream().anyMatch(PlatformDetection::gkeAutopilotNode)) {
            return "GKEAutopilot";
        }
        if (sample.stream().anyMatch(PlatformDetection::gkeNode)) {
            return "GKE";
        }
        if (sample.stream().anyMatch(node -> eksNode(node, serverVersion))) {
            return "EKS";
        }
        if (sample.stream().anyMatch(PlatformDetection::aksNode)) {
            return "AKS";
        }
        if (!sample.isEmpty()) {
            return "Generic";
        }
        // No node visible (forbidden, or none registered): only EKS is certain from the version alone; a GKE build
        // cannot tell Autopilot from Standard, so it stays unknown rather than wrong.
        if (serverVersion != null && serverVersion.contains("-eks-")) {
            return "EKS";
        }
        return null;
    }

    /** Autopilot nodes are GCE VMs named gk3-… (Standard: gke-…); some GKE versions also label them. */
    static boolean gkeAutopilotNode(NodeFacts node) {
        boolean onGce = node.providerIdStartsWith("gce://") || node.hasLabel("cloud.google.com/gke-nodepool");
        boolean autopilot = (node.name() != null && node.name().startsWith("gk3-"))
                || "autopilot".equals(node.labels().get("cloud.google.com/gke-provisioning"))
                || "true".equals(node.labels().get("cloud.google.com/gke-autopilot"));
        return onGce && autopilot;
    }

    static boolean gkeNode(NodeFacts node) {
        return node.providerIdStartsWith("gce://") || node.hasLabel("cloud.google.com/gke-nodepool");
    }

    /** An AWS VM is EKS when EKS labelled it (managed node groups, Fargate) or the control plane is an EKS build. */
    static boolean eksNode(NodeFacts node, String serverVersion) {
        boolean eksLabel = node.hasLabel("eks.amazonaws.com/nodegroup") || node.hasLabel("eks.amazonaws.com/compute-type");
        boolean eksBuild = serverVersion != null && serverVersion.contains("-eks-");
        return eksLabel || (node.providerIdStartsWith("aws://") && eksBuild);
    }

    /** AKS labels every node with its cluster's node resource group; a bare azure:// VM may be self-managed. */
    static boolean aksNode(NodeFacts node) {
        return node.hasLabel("kubernetes.azure.com/cluster");
    }
}
