package io.kumaops.operator.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Kuma's duration grammar (Kuma {@code pkg/core/resources/apis/mesh/mesh_helpers.go} ParseDuration) and Go's. */
class KumaDurationsTest {

    @ParameterizedTest
    @ValueSource(strings = {"0", "0s", "0ms", "30d", "10y", "2y", "1w", "24h", "5m", "90s", "500ms", "007d", "292y"})
    void oneIntegerAndOneUnitOrZeroAreKumaDurations(String text) {
        assertThat(KumaDurations.isValid(text)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1h30m", "1.5h", "500us", "1ns", "2e", "", "00", "-1s", "+1s", " 1s", "1s ", "1s\n", "1 s", "1S",
        "1M", "1D", "d", "ms", "1mss", "\u0661s", "1,5h"})
    void everythingElseIsRefused(String text) {
        assertThat(KumaDurations.isValid(text)).isFalse();
        assertThatThrownBy(() -> KumaDurations.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a valid duration string: " + GoQuote.quote(text));
    }

    @Test
    void nullIsNoDuration() {
        assertThat(KumaDurations.isValid(null)).isFalse();
        assertThat(KumaDurations.tryParse(null)).isEmpty();
    }

    @Test
    void unitsAreKumasOwn() {
        assertThat(KumaDurations.parse("0")).isEqualTo(Duration.ZERO);
        assertThat(KumaDurations.parse("1y")).isEqualTo(Duration.ofDays(365));
        assertThat(KumaDurations.parse("10y")).isEqualTo(Duration.ofDays(3650));
        assertThat(KumaDurations.parse("2w")).isEqualTo(Duration.ofDays(14));
        assertThat(KumaDurations.parse("30d")).isEqualTo(Duration.ofDays(30));
        assertThat(KumaDurations.parse("12h")).isEqualTo(Duration.ofHours(12));
        assertThat(KumaDurations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(KumaDurations.parse("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(KumaDurations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(KumaDurations.parse("007d")).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void kumaAdmitsTooLongDurationsAndWrapsThemAsGoDoes() {
        // Values checked against Go: int64 nanoseconds multiply with wrap-around.
        assertThat(KumaDurations.wraps("292y")).isFalse();
        assertThat(KumaDurations.parse("292y").toNanos()).isEqualTo(9_208_512_000_000_000_000L);
        assertThat(KumaDurations.isValid("293y")).isTrue();
        assertThat(KumaDurations.wraps("293y")).isTrue();
        assertThat(KumaDurations.parse("293y").toNanos()).isEqualTo(-9_206_696_073_709_551_616L);
        assertThat(KumaDurations.parse("300y").toNanos()).isEqualTo(-8_985_944_073_709_551_616L);
        // A number past int64 is pinned to the largest int64 before multiplying (Kuma ignores Atoi's range error).
        assertThat(KumaDurations.isValid("99999999999999999999s")).isTrue();
        assertThat(KumaDurations.parse("99999999999999999999s").toNanos()).isEqualTo(-1_000_000_000L);
        assertThat(KumaDurations.parse("9223372036854775807ms").toNanos()).isEqualTo(-1_000_000L);
        assertThat(KumaDurations.wraps("9223372036854775807ms")).isTrue();
        assertThat(KumaDurations.wraps("30d")).isFalse();
        assertThat(KumaDurations.wraps("1.5h")).isFalse();
    }

    @Test
    void goDurationsAreGoTimeParseDuration() {
        assertThat(io.kumaops.operator.model.GoDuration.parseResult("1h30m").duration()).isEqualTo(Duration.ofMinutes(90));
        assertThat(io.kumaops.operator.model.GoDuration.parseResult("1.5h").duration()).isEqualTo(Duration.ofMinutes(90));
        assertThat(io.kumaops.operator.model.GoDuration.parseResult("500us").duration()).isEqualTo(Duration.ofNanos(500_000));
        assertThat(io.kumaops.operator.model.GoDuration.parseResult("500\u00b5s").duration()).isEqualTo(Duration.ofNanos(500_000));
        assertThat(io.kumaops.operator.model.GoDuration.parseResult("-1.5s").duration()).isEqualTo(Duration.ofMillis(-1500));
        assertThat(io.kumaops.operator.model.GoDuration.parseResult(".5s").duration()).isEqualTo(Duration.ofMillis(500));
        assertThat(io.kumaops.operator.model.GoDuration.parseResult("-0").duration()).isEqualTo(Duration.ZERO);
        assertThat(io.kumaops.operator.model.GoDuration.parseResult("-9223372036854775808ns").duration().toNanos()).isEqualTo(Long.MIN_VALUE);
        assertThat(io.kumaops.operator.model.GoDuration.parseResult("0.1234567890123456789s").duration().toNanos()).isEqualTo(123_456_789L);
    }

    @Test
    void goDurationErrorsAreGosText() {
        assertThat(io.kumaops.operator.model.GoDuration.parseResult("1d").error()).isEqualTo("time: unknown unit \"d\" in duration \"1d\"");
        assertThat(io.kumaops.operator.model.GoDuration.parseResult("1").error()).isEqualTo("time: missing unit in duration \"1\"");
        assertThat(io.kumaops.operator.model.GoDuration.parseResult("").error()).isEqualTo("time: invalid duration \"\"");
        assertThat(io.kumaops.operator.model.GoDuration.parseResult(".s").error()).isEqualTo("time: invalid duration \".s\"");
        assertThat(io.kumaops.operator.model.GoDuration.parseResult("1h 30m").error()).isEqualTo("time: unknown unit \"h \" in duration \"1h 30m\"");
        assertThat(io.kumaops.operator.model.GoDuration.parseResult("9223372036854775808ns").error()).isEqualTo("time: invalid duration \"9223372036854775808ns\"");
        assertThat(io.kumaops.operator.model.GoDuration.parseResult("2562048h").error()).isEqualTo("time: invalid duration \"2562048h\"");
        assertThat(io.kumaops.operator.model.GoDuration.parseResult("1\u00e9s").error()).isEqualTo("time: unknown unit \"\\xc3\\xa9s\" in duration \"1\\xc3\\xa9s\"");
    }
}
