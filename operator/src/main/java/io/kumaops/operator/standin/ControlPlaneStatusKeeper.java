package io.kumaops.operator.standin;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the status the Deployment controller would write for the control-plane Deployment, since the local API
 * server runs no controllers: every replica updated, and ready and available while the stand-in's control plane runs
 * (none while it is stopped). Kept in step with the spec, so a replicas patch shows up in status with the new
 * observedGeneration, as a rollout that completed at once. Other namespaces' control-plane Deployments (label
 * {@code app=kuma-control-plane}, as Kuma's chart sets it) get the same, always running: the local run and the tests
 * install control planes of their own there, and the operator waits for their rollouts.
 */
final class ControlPlaneStatusKeeper implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControlPlaneStatusKeeper.class);

    private final KubernetesClient client;
    private final String namespace;
    private final String name;
    private final BooleanSupplier running;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "kuma-stand-in-cp-status");
        thread.setDaemon(true);
        return thread;
    });
    private SharedIndexInformer<Deployment> informer;
    private SharedIndexInformer<Deployment> others;

    /** The label Kuma's chart puts on the control-plane Deployment and its pods. */
    static final String CONTROL_PLANE_LABEL = "app";
    static final String CONTROL_PLANE_LABEL_VALUE = "kuma-control-plane";

    ControlPlaneStatusKeeper(KubernetesClient client, String namespace, String name, BooleanSupplier running) {
        this.client = client;
        this.namespace = namespace;
        this.name = name;
        this.running = running;
    }

    void start() {
        informer = client.apps().deployments().inNamespace(namespace).withName(name).inform(handler(), 0);
        others = client.apps().deployments().inAnyNamespace().withLabel(CONTROL_PLANE_LABEL, CONTROL_PLANE_LABEL_VALUE).inform(handler(), 0);
    }

    private ResourceEventHandler<Deployment> handler() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Deployment deployment) {
                refresh(deployment);
            }

            @Override
            public void onUpdate(Deployment before, Deployment deployment) {
                refresh(deployment);
            }

            @Override
            public void onDelete(Deployment deployment, boolean unknownFinalState) {
            }
        };
    }

    private void refresh(Deployment deployment) {
        refresh(deployment.getMetadata().getNamespace(), deployment.getMetadata().getName());
    }

    /** Brings the stand-in's own control plane's status in line with its spec and state, soon (one writer thread). */
    void refresh() {
        refresh(namespace, name);
    }

    private void refresh(String deploymentNamespace, String deploymentName) {
        if (!worker.isShutdown()) {
            try {
                worker.execute(() -> write(deploymentNamespace, deploymentName, 1));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // closing
            }
        }
    }

    private void write(String deploymentNamespace, String deploymentName, int attempt) {
        try {
            Deployment current = client.apps().deployments().inNamespace(deploymentNamespace).withName(deploymentName).get();
            if (current == null) {
                return;
            }
            boolean own = namespace.equals(deploymentNamespace) && name.equals(deploymentName);
            DeploymentStatus desired = desired(current, !own || running.getAsBoolean());
            if (same(current.getStatus(), desired)) {
                return;
            }
            client.apps().deployments().inNamespace(deploymentNamespace).withName(deploymentName).editStatus(d -> {
                d.setStatus(desired);
                return d;
            });
        } catch (KubernetesClientException e) {
            if (attempt < 5 && !worker.isShutdown()) {
                worker.schedule(() -> write(deploymentNamespace, deploymentName, attempt + 1), 200L * attempt, TimeUnit.MILLISECONDS);
            } else {
                LOG.warn("Kuma stand-in: cannot write the status of Deployment {}/{}: {}", deploymentNamespace, deploymentName, e.getMessage());
            }
        }
    }

    static DeploymentStatus desired(Deployment deployment, boolean running) {
        int replicas = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        List<DeploymentCondition> previous = deployment.getStatus() == null || deployment.getStatus().getConditions() == null
                ? List.of() : deployment.getStatus().getConditions();
        List<DeploymentCondition> conditions = new ArrayList<>();
        // The Deployment controller's reasons (pkg/controller/deployment/util/deployment_util.go in Kubernetes).
        conditions.add(condition(previous, "Available", running || replicas == 0 ? "True" : "False",
                running || replicas == 0 ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
                running || replicas == 0 ? "Deployment has minimum availability." : "Deployment does not have minimum availability.", now));
        conditions.add(condition(previous, "Progressing", "True", "NewReplicaSetAvailable",
                "ReplicaSet \"" + deployment.getMetadata().getName() + "\" has successfully progressed.", now));
        DeploymentStatusBuilder status = new DeploymentStatusBuilder()
                .withObservedGeneration(deployment.getMetadata().getGeneration())
                .withReplicas(replicas)
                .withUpdatedReplicas(replicas)
                .withConditions(conditions);
        // Zero counts are left out, as the controller's omitempty fields are.
        if (running && replicas > 0) {
            status.withReadyReplicas(replicas).withAvailableReplicas(replicas);
        } else if (replicas > 0) {
            status.withUnavailableReplicas(replicas);
        }
        return status.build();
    }

    private static DeploymentCondition condition(List<DeploymentCondition> previous, String type, String status, String reason,
                                                 String message, String now) {
        DeploymentCondition before = previous.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
        boolean unchanged = before != null && status.equals(before.getStatus()) && reason.equals(before.getReason());
        return new DeploymentConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
                .withLastTransitionTime(unchanged ? before.getLastTransitionTime() : now)
                .withLastUpdateTime(unchanged ? before.getLastUpdateTime() : now)
                .build();
    }

    private static boolean same(DeploymentStatus current, DeploymentStatus desired) {
        if (current == null) {
            return false;
        }
        return Objects.equals(current.getObservedGeneration(), desired.getObservedGeneration())
                && Objects.equals(current.getReplicas(), desired.getReplicas())
                && Objects.equals(current.getUpdatedReplicas(), desired.getUpdatedReplicas())
                && Objects.equals(current.getReadyReplicas(), desired.getReadyReplicas())
                && Objects.equals(current.getAvailableReplicas(), desired.getAvailableReplicas())
                && Objects.equals(current.getUnavailableReplicas(), desired.getUnavailableReplicas())
                && conditionsMatch(current.getConditions(), desired.getConditions());
    }

    private static boolean conditionsMatch(List<DeploymentCondition> current, List<DeploymentCondition> desired) {
        if (current == null || current.size() != desired.size()) {
            return false;
        }
        for (DeploymentCondition want : desired) {
            boolean found = current.stream().anyMatch(c -> want.getType().equals(c.getType()) && want.getStatus().equals(c.getStatus())
                    && want.getReason().equals(c.getReason()));
            if (!found) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        if (others != null) {
            others.close();
        }
        if (informer != null) {
            informer.close();
        }
        worker.shutdownNow();
    }
}
