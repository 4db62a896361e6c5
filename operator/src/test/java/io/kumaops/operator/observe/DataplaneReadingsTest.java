package io.kumaops.operator.observe;

import io.kumaops.operator.support.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DataplaneReadingsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final DataplaneReadings readings = new DataplaneReadings(clock);
    private final AtomicInteger reads = new AtomicInteger();

    private int read() {
        return readings.remember("census m", reads::incrementAndGet);
    }

    @Test
    void withoutAWatchEveryPassReads() {
        read();
        read();
        assertThat(reads).hasValue(2);
        assertThat(readings.kept()).isZero();
    }

    @Test
    void whileWatchedAReadingIsReusedUntilADataplaneChanges() {
        readings.watched(true);
        assertThat(read()).isEqualTo(1);
        assertThat(read()).isEqualTo(1);
        assertThat(reads).hasValue(1);
        readings.changed();
        assertThat(read()).isEqualTo(2);
        assertThat(reads).hasValue(2);
    }

    @Test
    void aChangeDuringTheReadingIsNotHiddenByIt() {
        readings.watched(true);
        int first = readings.remember("census m", () -> {
            readings.changed(); // the watch reports a change while the pages are being read
            return reads.incrementAndGet();
        });
        assertThat(first).isEqualTo(1);
        assertThat(read()).as("the reading that saw a change is not kept").isEqualTo(2);
    }

    @Test
    void losingTheWatchDropsWhatIsKeptAndStopsKeeping() {
        readings.watched(true);
        read();
        readings.watched(false);
        read();
        read();
        assertThat(reads).hasValue(3);
        readings.watched(true);
        read();
        assertThat(reads).as("reopening the watch does not trust a reading from before").hasValue(4);
    }

    @Test
    void anOldReadingIsTakenAgainEvenWithoutAnEvent() {
        readings.watched(true);
        read();
        clock.advance(DataplaneReadings.MAX_AGE.minusSeconds(1));
        read();
        assertThat(reads).hasValue(1);
        clock.advance(Duration.ofSeconds(1));
        read();
        assertThat(reads).hasValue(2);
    }

    @Test
    void keysAreKeptApart() {
        readings.watched(true);
        assertThat(readings.remember("census a", () -> "a")).isEqualTo("a");
        assertThat(readings.remember("census b", () -> "b")).isEqualTo("b");
        assertThat(readings.remember("census a", () -> "other")).isEqualTo("a");
    }

}
