package io.kumaops.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The one reader of RFC 3339 times: the operator's own status records and Kuma's protobuf JSON timestamps. */
class TimestampsTest {

    @Test
    void readsStatusRecordsAndKumasTimestamps() {
        assertThat(Timestamps.parse("2026-12-01T12:00:00Z")).isEqualTo(Instant.parse("2026-12-01T12:00:00Z"));
        assertThat(Timestamps.parse("2026-12-01T11:59:59.970Z")).isEqualTo(Instant.parse("2026-12-01T11:59:59.970Z"));
        assertThat(Timestamps.parse("2026-12-01T13:00:00+01:00")).as("protobuf JSON may carry an offset")
                .isEqualTo(Instant.parse("2026-12-01T12:00:00Z"));
    }

    @Test
    void anAbsentOrMalformedTimeIsUnknown() {
        assertThat(Timestamps.parse(null)).isNull();
        assertThat(Timestamps.parse(42L)).isNull();
        assertThat(Timestamps.parse("yesterday")).isNull();
        assertThat(Timestamps.parse("2026-12-01 12:00:00")).isNull();
    }
}
