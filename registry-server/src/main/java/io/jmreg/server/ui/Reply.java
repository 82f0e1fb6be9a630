package io.jmreg.server.ui;

/** What a UI route answers: a page rendered from {@code template} with {@code view}, or a redirect (303). */
record Reply(int status, String template, Object view, String location) {
    static Reply page(String template, Object view) {
        return new Reply(200, template, view, null);
    }

    static Reply redirect(String location) {
        return new Reply(303, null, null, location);
    }
}
