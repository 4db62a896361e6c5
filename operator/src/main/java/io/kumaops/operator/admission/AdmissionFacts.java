package io.kumaops.operator.admission;

/**
 * What some of Kuma's admission rules read from the cluster rather than from the object, as far as the caller knows
 * it. Every fact is nullable: null means unknown, and a rule that needs an unknown fact does not refuse but warns
 * that it could not be judged.
 *
 * @param dataplanesInMesh how many Dataplanes belong to the Mesh under review (Kuma refuses to delete a Mesh that
 *                         still has some)
 */
public record AdmissionFacts(Integer dataplanesInMesh) {

    private static final AdmissionFacts UNKNOWN = new AdmissionFacts(null);

    public AdmissionFacts {
        if (dataplanesInMesh != null && dataplanesInMesh < 0) {
            throw new IllegalArgumentException("dataplanesInMesh < 0");
        }
    }

    public static AdmissionFacts unknown() {
        return UNKNOWN;
    }

    public static AdmissionFacts dataplanesInMesh(int count) {
        return new AdmissionFacts(count);
    }
}
