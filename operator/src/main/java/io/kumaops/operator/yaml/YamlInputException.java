package io.kumaops.operator.yaml;

/** Input that is not a YAML (or JSON) stream we read: the problem and where, for a message naming the file. */
public final class YamlInputException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int documentIndex;
    private final int line;

    public YamlInputException(String problem, int documentIndex, int line) {
        super(problem);
        this.documentIndex = documentIndex;
        this.line = line;
    }

    /** 1-based index of the document being read, 0 when the text could not be decoded at all. */
    public int documentIndex() {
        return documentIndex;
    }

    /** 1-based line of the problem, 0 when unknown. */
    public int line() {
        return line;
    }
}
