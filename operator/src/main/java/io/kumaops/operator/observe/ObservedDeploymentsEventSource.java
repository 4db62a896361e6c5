package io.kumaops.operator.observe;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.javaoperatorsdk.operator.api.reconciler.ResourceCache;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches exactly the Deployments the profiles read — each control plane and each delegated gateway — through one
 * informer per Deployment, field-selected on {@code metadata.name} in its namespace. The operator therefore caches a
 * handful of Deployments, never every Deployment of the cluster, and needs no label on them (Kuma's chart labels can
 * be renamed with nameOverride; a gateway Deployment carries none of ours).
 *
 * <p>A spec change (a new {@code metadata.generation}), a creation or a deletion wakes every profile that reads that
 * Deployment. Status-only updates (rollout progress) are ignored: no rule reads them.
 */
public final class ObservedDeploymentsEventSource extends AbstractEventSource<Deployment, KumaProductionProfile> {

    public static final String NAME = "observed-deployments";
    private static final Logger LOG = LoggerFactory.getLogger(ObservedDeploymentsEventSource.class);

    private final KubernetesClient client;
    private final ResourceCache<KumaProductionProfile> profiles;
    private final Map<ObservedDeployments.Key, SharedIndexInformer<Deployment>> informers = new ConcurrentHashMap<>();

    public ObservedDeploymentsEventSource(KubernetesClient client, ResourceCache<KumaProductionProfile> profiles) {
        super(Deployment.class, NAME);
        this.client = client;
        this.profiles = profiles;
    }

    /** Starts informers for Deployments newly read by some profile and stops those no profile reads any more. */
    public synchronized void refresh() {
        if (!isRunning()) {
            return;
        }
        Set<ObservedDeployments.Key> wanted = ObservedDeployments.readByAny(profiles.list());
        for (ObservedDeployments.Key key : wanted) {
            informers.computeIfAbsent(key, this::inform);
        }
        for (ObservedDeployments.Key key : new HashSet<>(informers.keySet())) {
            if (!wanted.contains(key)) {
                informers.remove(key).stop();
            }
        }
    }

    /** The Deployments being watched (for tests and diagnostics). */
    public Set<ObservedDeployments.Key> watched() {
        return Set.copyOf(informers.keySet());
    }

    private SharedIndexInformer<Deployment> inform(ObservedDeployments.Key key) {
        SharedIndexInformer<Deployment> informer = client.apps().deployments().inNamespace(key.namespace())
                .withField("metadata.name", key.name()).runnableInformer(0);
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Deployment deployment) {
                wake(key);
            }

            @Override
            public void onUpdate(Deployment before, Deployment after) {
                if (!Objects.equals(before.getMetadata().getGeneration(), after.getMetadata().getGeneration())) {
                    wake(key);
                }
            }

            @Override
            public void onDelete(Deployment deployment, boolean finalStateUnknown) {
                wake(key);
            }
        });
        informer.exceptionHandler((started, error) -> {
            // Forbidden: retrying cannot help. The periodic resync still re-observes this Deployment.
            if (error instanceof KubernetesClientException e && e.getCode() == 403) {
                LOG.info("not allowed to watch Deployment {}/{}; it is re-read on the periodic resync", key.namespace(), key.name());
                return false;
            }
            return true;
        });
        informer.start();
        LOG.debug("watching Deployment {}/{}", key.namespace(), key.name());
        return informer;
    }

    private void wake(ObservedDeployments.Key key) {
        for (ResourceID profile : ObservedDeployments.profilesReading(profiles.list(), key.namespace(), key.name())) {
            getEventHandler().handleEvent(new Event(profile));
        }
    }

    @Override
    public Set<Deployment> getSecondaryResources(KumaProductionProfile primary) {
        return ObservedDeployments.readBy(primary).stream()
                .map(informers::get).filter(Objects::nonNull)
                .flatMap(informer -> informer.getStore().list().stream())
                .collect(Collectors.toSet());
    }

    @Override
    public synchronized void start() {
        super.start();
    }

    @Override
    public synchronized void stop() {
        informers.values().forEach(SharedIndexInformer::stop);
        informers.clear();
        super.stop();
    }
}
