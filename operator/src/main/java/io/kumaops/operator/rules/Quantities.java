package io.kumaops.operator.rules;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** Converts Kubernetes quantities to plain numbers and back, for comparisons and for messages. */
public final class Quantities {

    private static final long KIB = 1024L;
    private static final long MIB = KIB * 1024L;
    private static final long GIB = MIB * 1024L;

    private Quantities() {
    }

    /** CPU in millicores, or null when absent or unparseable (the validator reports bad quantities). */
    public static Long millis(Quantity cpu) {
        BigDecimal amount = amount(cpu);
        return amount == null ? null : saturated(amount.multiply(BigDecimal.valueOf(1000)));
    }

    /** Memory in bytes, or null when absent or unparseable. */
    public static Long bytes(Quantity memory) {
        BigDecimal amount = amount(memory);
        return amount == null ? null : saturated(amount);
    }

    /** The quantity as written in the profile, e.g. {@code 500m}. */
    public static String asWritten(Quantity quantity) {
        return quantity == null ? "unset" : quantity.toString();
    }

    /** Millicores in the shortest Kubernetes form: {@code 4} for 4000, {@code 500m} for 500. */
    public static String formatMillis(long millis) {
        return millis % 1000 == 0 ? Long.toString(millis / 1000) : millis + "m";
    }

    /** Bytes in the largest binary unit that divides them: {@code 2Gi}, {@code 356Mi}, or bytes. */
    public static String formatBytes(long bytes) {
        if (bytes != 0 && bytes % GIB == 0) {
            return bytes / GIB + "Gi";
        }
        if (bytes != 0 && bytes % MIB == 0) {
            return bytes / MIB + "Mi";
        }
        if (bytes != 0 && bytes % KIB == 0) {
            return bytes / KIB + "Ki";
        }
        return Long.toString(bytes);
    }

    /** The validator refuses quantities beyond 64 bits; should one get here anyway it is huge, not a crash. */
    private static long saturated(BigDecimal amount) {
        BigDecimal whole = amount.setScale(0, RoundingMode.CEILING);
        if (whole.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            return Long.MAX_VALUE;
        }
        return whole.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) < 0 ? Long.MIN_VALUE : whole.longValueExact();
    }

    private static BigDecimal amount(Quantity quantity) {
        if (quantity == null || quantity.getAmount() == null || quantity.getAmount().isBlank()) {
            return null;
        }
        try {
            return Quantity.getAmountInBytes(quantity);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
