package io.kumaops.operator.plan;

import io.kumaops.operator.model.GoDuration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Durations as Kuma writes them, and when the operator looks again at a waiting change. */
class RolloutTimingTest {

    @Test
    void goDurationsParseLikeKumas() {
        assertThat(GoDuration.parse("24h")).isEqualTo(Duration.ofHours(24));
        assertThat(GoDuration.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(GoDuration.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(GoDuration.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(GoDuration.parseOr("soon", Duration.ofHours(24))).isEqualTo(Duration.ofHours(24));
        assertThat(GoDuration.parseOr(null, Duration.ofMinutes(1))).isEqualTo(Duration.ofMinutes(1));
        assertThatThrownBy(() -> GoDuration.parse("10 m")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GoDuration.parse("h")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theRequeueIsShortenedToTheNextReview() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        Duration resync = Duration.ofMinutes(10);
        Duration minimum = Duration.ofSeconds(1);
        assertThat(RolloutTracking.none().requeueWithin(resync, now, minimum)).isEqualTo(resync);
        assertThat(new RolloutTracking(null, null, now.plusSeconds(90)).requeueWithin(resync, now, minimum)).isEqualTo(Duration.ofMillis(90_001));
        assertThat(new RolloutTracking(null, null, now.plus(Duration.ofHours(24))).requeueWithin(resync, now, minimum)).isEqualTo(resync);
        assertThat(new RolloutTracking(null, null, now.minusSeconds(5)).requeueWithin(resync, now, minimum)).isEqualTo(minimum);
        assertThat(new RolloutTracking(null, null, now.plusSeconds(30)).requeueWithin(null, now, minimum)).isEqualTo(Duration.ofMillis(30_001));
        // A timer still ahead is kept to the millisecond, rounded up with one to spare (never a moment early), under
        // the minimum too (a 200 ms configuration refresh); one already past gets the minimum, so a plan that did not
        // move on does not spin.
        assertThat(new RolloutTracking(null, null, now.plusMillis(200)).requeueWithin(resync, now, minimum)).isEqualTo(Duration.ofMillis(201));
        assertThat(new RolloutTracking(null, null, now.plusNanos(199_500_000)).requeueWithin(resync, now, minimum)).isEqualTo(Duration.ofMillis(200));
        assertThat(new RolloutTracking(null, null, now).requeueWithin(resync, now, minimum)).isEqualTo(minimum);
    }
}
