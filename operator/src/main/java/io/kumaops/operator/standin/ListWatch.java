package io.kumaops.operator.standin;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A paged list followed by a watch, handing each object to a handler and keeping none: an informer would hold
 * every object (10,000 Dataplanes) in memory, where the reporter needs a few facts of each. After the watch is
 * lost (410 Gone), it lists again and tells the handler which objects still exist.
 */
final class ListWatch {

    interface Handler {
        /** @param added the object is new to the watch (initial list or ADDED), not a MODIFIED event */
        void upsert(GenericKubernetesResource object, boolean added);

        void delete(GenericKubernetesResource object);

        /** After a re-list: the keys ({@code namespace/name}, or {@code /name}) of every object that exists. */
        void relisted(Set<String> keys);
    }

    private static final Logger LOG = LoggerFactory.getLogger(ListWatch.class);
    private static final long PAGE = 500;
    private static final long REOPEN_MILLIS = 1000;

    private final KubernetesClient client;
    private final ResourceDefinitionContext context;
    private final Handler handler;
    private final ScheduledExecutorService scheduler;
    private volatile boolean stopped;
    private volatile Watch watch;

    ListWatch(KubernetesClient client, ResourceDefinitionContext context, Handler handler, ScheduledExecutorService scheduler) {
        this.client = client;
        this.context = context;
        this.handler = handler;
        this.scheduler = scheduler;
    }

    static String key(GenericKubernetesResource object) {
        String namespace = object.getMetadata().getNamespace();
        return (namespace == null ? "" : namespace) + "/" + object.getMetadata().getName();
    }

    /** Lists and starts watching; false when the kind is not served (its CRD is not installed). */
    boolean start() {
        try {
            String resourceVersion = list(null);
            watchFrom(resourceVersion);
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                LOG.debug("{} not served; not counted", context.getPlural());
                return false;
            }
            throw e;
        }
    }

    void stop() {
        stopped = true;
        Watch current = watch;
        if (current != null) {
            current.close();
        }
    }

    /** Lists page by page; returns the list's resourceVersion. With {@code seen}, collects the keys listed. */
    private String list(Set<String> seen) {
        var operation = client.genericKubernetesResources(context);
        String next = null;
        String resourceVersion;
        do {
            ListOptions options = new ListOptionsBuilder().withLimit(PAGE).withContinue(next).build();
            GenericKubernetesResourceList page = context.isNamespaceScoped() ? operation.inAnyNamespace().list(options) : operation.list(options);
            for (GenericKubernetesResource item : page.getItems()) {
                handler.upsert(item, true);
                if (seen != null) {
                    seen.add(key(item));
                }
            }
            next = page.getMetadata().getContinue();
            resourceVersion = page.getMetadata().getResourceVersion();
        } while (next != null && !next.isEmpty());
        return resourceVersion;
    }

    private void watchFrom(String resourceVersion) {
        if (stopped) {
            return;
        }
        var operation = client.genericKubernetesResources(context);
        ListOptions options = new ListOptionsBuilder().withResourceVersion(resourceVersion).withAllowWatchBookmarks(true).build();
        Watcher<GenericKubernetesResource> watcher = new Watcher<>() {
            @Override
            public void eventReceived(Action action, GenericKubernetesResource object) {
                switch (action) {
                    case ADDED -> handler.upsert(object, true);
                    case MODIFIED -> handler.upsert(object, false);
                    case DELETED -> handler.delete(object);
                    default -> {
                        // BOOKMARK and ERROR carry no object change.
                    }
                }
            }

            @Override
            public void onClose(WatcherException cause) {
                if (cause != null && !stopped) {
                    LOG.debug("watch on {} lost ({}); listing again", context.getPlural(), cause.getMessage());
                    later(ListWatch.this::relist);
                }
            }
        };
        watch = context.isNamespaceScoped() ? operation.inAnyNamespace().watch(options, watcher) : operation.watch(options, watcher);
    }

    private void relist() {
        if (stopped) {
            return;
        }
        try {
            Set<String> seen = new HashSet<>();
            String resourceVersion = list(seen);
            handler.relisted(seen);
            watchFrom(resourceVersion);
        } catch (RuntimeException e) {
            LOG.debug("listing {} failed ({}); retrying", context.getPlural(), e.getMessage());
            later(this::relist);
        }
    }

    private void later(Runnable action) {
        try {
            if (!stopped) {
                scheduler.schedule(action, REOPEN_MILLIS, TimeUnit.MILLISECONDS);
            }
        } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
            // the reporter is stopping
        }
    }
}
