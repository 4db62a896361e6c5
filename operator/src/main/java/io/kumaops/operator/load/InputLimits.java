package io.kumaops.operator.load;

/**
 * How much input one {@code render} or {@code lint} reads at most, checked before the bytes are parsed so that
 * oversized input is refused in milliseconds with exit 2 instead of exhausting memory or time
 * (docs/reliability.md#input-limits).
 *
 * @param maxFileBytes  one file, or standard input
 * @param maxTotalBytes every file of the run together
 * @param maxDocuments  YAML documents of the run, of any kind
 * @param maxProfiles   KumaProductionProfile documents of the run
 */
public record InputLimits(long maxFileBytes, long maxTotalBytes, int maxDocuments, int maxProfiles) {

    public static final long MIB = 1024L * 1024L;

    /**
     * 8 MiB per file holds a rendered install bundle with Kuma's CRDs (the API server itself takes 3 MiB per object);
     * 1,000 profiles — a thousand meshes — lint in well under a minute within a 512 MiB heap.
     */
    public static final InputLimits DEFAULT = new InputLimits(8 * MIB, 64 * MIB, 10_000, 1_000);

    public static String bytes(long value) {
        return value % MIB == 0 ? value / MIB + " MiB" : value + " bytes";
    }
}
