package io.jmreg.server.ui;

/** A request the UI answers with an error page of the given status. */
final class UiProblem extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String heading;

    UiProblem(int status, String heading, String message) {
        super(message);
        this.status = status;
        this.heading = heading;
    }

    int status() {
        return status;
    }

    String heading() {
        return heading;
    }
}
