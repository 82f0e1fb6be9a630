package io.jmreg.cli;

import io.jmreg.api.events.RegistryEvent;
import io.jmreg.api.events.RegistryListener;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * {@code --on-event COMMAND}: a CI/CD hook run through {@code /bin/sh -c} for every event a command causes, the event
 * as JSON on its stdin and its type, model, version and principal in the environment. A hook that fails or takes
 * more than a minute is reported on stderr and makes jmreg exit 1 (what was committed stays committed).
 */
final class EventHooks implements RegistryListener {
    private final String command;
    private final PrintWriter err;
    private volatile boolean failed;

    EventHooks(String command, PrintWriter err) {
        this.command = command;
        this.err = err;
    }

    @Override
    public void onEvent(RegistryEvent event) {
        try {
            ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", command).redirectOutput(ProcessBuilder.Redirect.INHERIT)
                    .redirectError(ProcessBuilder.Redirect.INHERIT);
            pb.environment().put("JMREG_EVENT_TYPE", event.type().name());
            pb.environment().put("JMREG_EVENT_MODEL", event.model());
            pb.environment().put("JMREG_EVENT_VERSION", event.version() == null ? "" : event.version());
            pb.environment().put("JMREG_EVENT_BY", event.by() == null ? "" : event.by());
            Process p = pb.start();
            try (OutputStream in = p.getOutputStream()) {
                in.write((JsonOutput.writeLine(event) + "\n").getBytes(StandardCharsets.UTF_8));
            } catch (IOException notRead) {
                // the hook exited without reading its stdin: its exit status tells
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(event, "did not finish within 60 s");
            } else if (p.exitValue() != 0) {
                fail(event, "exited with " + p.exitValue());
            }
        } catch (IOException e) {
            fail(event, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(event, "interrupted");
        }
    }

    private void fail(RegistryEvent event, String why) {
        failed = true;
        err.println("jmreg: event hook for " + event.type() + " of " + event.model() + " " + why);
        err.flush();
    }

    boolean failed() {
        return failed;
    }
}
