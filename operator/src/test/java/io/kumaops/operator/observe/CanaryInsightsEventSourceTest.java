package io.kumaops.operator.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Watch;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.kumaops.operator.model.CanaryDataplanes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The canary's acknowledgement wait is woken by its data planes' DataplaneInsights, only for news the gate judges:
 * Kuma rewrites an insight for statistics far more often than the acknowledgement counts move.
 */
class CanaryInsightsEventSourceTest {

    private static final Instant STARTED = Instant.parse("2026-12-01T12:00:00Z");

    private final List<String> opened = new ArrayList<>();
    private final List<String> closed = new ArrayList<>();
    private final List<String> woken = new CopyOnWriteArrayList<>();
    private CanaryInsightsEventSource source;

    @BeforeEach
    void start() {
        source = new CanaryInsightsEventSource(null, id -> {
            opened.add(id);
            return new Watch() {
                @Override
                public void close() {
                    closed.add(id);
                }
            };
        });
        source.setEventHandler((Event event) -> woken.add(event.getRelatedCustomResourceID().getName()));
        source.start();
    }

    @AfterEach
    void stop() {
        source.stop();
    }

    private static CanaryDataplanes.Proxy proxy(String id, boolean online, Instant lastUpdate, long sent, long acknowledged, long rejected) {
        return new CanaryDataplanes.Proxy(id, online, lastUpdate, sent, acknowledged, rejected);
    }

    @Test
    void onlyWhatTheGateJudgesWakesTheProfile() {
        CanaryDataplanes.Proxy stale = proxy("apps/web-1", true, STARTED.minusSeconds(60), 4, 4, 0);
        source.waitFor("p", STARTED, List.of(stale));
        assertThat(opened).containsExactly("apps/web-1");
        assertThat(source.watching()).isTrue();

        source.seen("apps/web-1", stale);
        assertThat(woken).as("the watch's first event repeats what the pass read").isEmpty();
        source.seen("apps/web-1", proxy("apps/web-1", true, STARTED.minusSeconds(30), 4, 4, 0));
        assertThat(woken).as("a statistics flush before the canary started changes nothing judged").isEmpty();

        source.seen("apps/web-1", proxy("apps/web-1", true, STARTED.plusSeconds(5), 5, 4, 0));
        assertThat(woken).as("configuration exchanged since the canary started").containsExactly("p");
        source.seen("apps/web-1", proxy("apps/web-1", true, STARTED.plusSeconds(9), 5, 4, 0));
        assertThat(woken).as("only the time moved").hasSize(1);
        source.seen("apps/web-1", proxy("apps/web-1", true, STARTED.plusSeconds(10), 5, 5, 0));
        assertThat(woken).as("acknowledged").hasSize(2);
        source.seen("apps/web-1", proxy("apps/web-1", false, STARTED.plusSeconds(10), 5, 5, 0));
        assertThat(woken).as("went offline").hasSize(3);
    }

    @Test
    void watchesFollowTheWaitingProfilesAndCloseWithThem() {
        source.waitFor("a", STARTED, List.of(proxy("apps/web-1", true, null, 0, 0, 0), proxy("apps/web-2", true, null, 0, 0, 0)));
        source.waitFor("b", STARTED, List.of(proxy("apps/web-2", true, null, 0, 0, 0)));
        assertThat(opened).containsExactlyInAnyOrder("apps/web-1", "apps/web-2");
        assertThat(source.openWatches()).isEqualTo(2);

        source.seen("apps/web-2", proxy("apps/web-2", true, STARTED.plusSeconds(1), 1, 1, 0));
        assertThat(woken).containsExactlyInAnyOrder("a", "b");

        source.forget("a");
        assertThat(closed).as("web-2 is still needed by b").containsExactly("apps/web-1");
        source.waitFor("b", STARTED, List.of(proxy("apps/web-3", true, null, 0, 0, 0)));
        assertThat(closed).containsExactlyInAnyOrder("apps/web-1", "apps/web-2");
        source.forget("b");
        assertThat(source.openWatches()).isZero();
    }

    @Test
    void aWatchThatCannotOpenLeavesTheWaitToTheTimer() {
        CanaryInsightsEventSource refused = new CanaryInsightsEventSource(null, id -> {
            throw new IllegalStateException("Forbidden");
        });
        refused.start();
        try {
            refused.waitFor("p", STARTED, List.of(proxy("apps/web-1", true, null, 0, 0, 0)));
            assertThat(refused.watching()).isFalse();
        } finally {
            refused.stop();
        }
    }
}
