package io.kumaops.operator.load;

import java.util.List;

/** Input that cannot become a profile; the message names the file, the document and the fields. */
public class ProfileInputException extends Exception {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public ProfileInputException(String location, List<String> problems) {
        super(problems.size() == 1 ? location + ": " + problems.get(0)
                : location + ":\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
