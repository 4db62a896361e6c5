package io.kumaops.operator.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.kumaops.operator.model.DataplaneInsightDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** A mesh's DataplaneInsights are listed at most once a minute, however many waits and findings ask. */
class InsightReadingsTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private final AtomicInteger lists = new AtomicInteger();

    private Supplier<DataplaneInsightDigest> reading(Instant at) {
        return () -> {
            lists.incrementAndGet();
            return DataplaneInsightDigest.reading(at, null, Duration.ofMinutes(5)).build();
        };
    }

    @Test
    void withinTheIntervalEveryPassReusesTheLastReading() {
        InsightReadings readings = new InsightReadings(MINUTE);
        DataplaneInsightDigest first = readings.digest("payments", START, reading(START));
        for (int second = 1; second < 60; second++) {
            Instant now = START.plusSeconds(second);
            assertThat(readings.digest("payments", now, reading(now))).isSameAs(first);
        }
        assertThat(lists).as("one list in the first minute").hasValue(1);

        DataplaneInsightDigest next = readings.digest("payments", START.plus(MINUTE), reading(START.plus(MINUTE)));
        assertThat(lists).hasValue(2);
        assertThat(next.readAt()).isEqualTo(START.plus(MINUTE));
    }

    @Test
    void aFailedReadCountsAsOneSoAnUnreadableMeshIsNotListedOnEveryPass() {
        InsightReadings readings = new InsightReadings(MINUTE);
        Supplier<DataplaneInsightDigest> failing = () -> {
            lists.incrementAndGet();
            return null;
        };
        assertThat(readings.digest("payments", START, failing)).isNull();
        assertThat(readings.digest("payments", START.plusSeconds(30), failing)).isNull();
        assertThat(lists).hasValue(1);
    }

    @Test
    void eachMeshHasItsOwnReadingAndOneWithNothingToNameIsForgotten() {
        InsightReadings readings = new InsightReadings(MINUTE);
        readings.digest("payments", START, reading(START));
        readings.digest("shop", START, reading(START));
        assertThat(lists).as("one per mesh").hasValue(2);
        readings.forget("shop");
        readings.digest("shop", START.plusSeconds(1), reading(START.plusSeconds(1)));
        assertThat(lists).as("a gate opening again reads afresh").hasValue(3);
        readings.digest("payments", START.plus(MINUTE.multipliedBy(11)), reading(START.plus(MINUTE.multipliedBy(11))));
        assertThat(readings.meshesKept()).as("readings of meshes nobody asked about for ten intervals are dropped").isEqualTo(1);
    }
}
