package io.kumaops.operator.reconcile;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Per profile, when the next step may start after a step that needed writes. */
final class StepSettleClock {

    private final Clock clock;
    private final Map<String, Instant> settleUntil = new ConcurrentHashMap<>();

    StepSettleClock(Clock clock) {
        this.clock = clock;
    }

    void start(String profile, Duration settle) {
        settleUntil.put(profile, clock.instant().plus(settle));
    }

    /** What is left of the profile's settle time; zero when none (and the entry is dropped). */
    Duration left(String profile) {
        Instant until = settleUntil.get(profile);
        if (until == null) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(clock.instant(), until);
        if (left.isNegative() || left.isZero()) {
            settleUntil.remove(profile);
            return Duration.ZERO;
        }
        return left;
    }
}
