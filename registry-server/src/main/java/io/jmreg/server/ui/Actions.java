package io.jmreg.server.ui;

import io.jmreg.api.access.Permission;
import io.jmreg.api.exceptions.AccessDeniedException;
import io.jmreg.api.exceptions.GateFailedException;
import io.jmreg.api.exceptions.RegistryException;
import io.jmreg.api.exceptions.StorageException;
import io.jmreg.api.lifecycle.EnvironmentDeployment;
import io.jmreg.api.lifecycle.StageDefinition;
import io.jmreg.api.lifecycle.TrafficSplit;
import io.jmreg.api.model.ModelVersion;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The forms that change things: promote and approve a version, edit its description; edit a model's card, deploy
 * (one version or an A/B split), roll back, set and remove aliases of a model. Each answers with a redirect back to its page and a message shown once. A refusal
 * the user can correct (a failed gate, with each gate's actual value; an illegal transition; bad input) is that
 * message; a missing permission is a 403 page. Archiving, deprecating and removing an alias first answer with a
 * confirmation page (no script needed) whose form posts the same fields again with {@code confirm=yes}.
 */
final class Actions {
    Reply onVersion(Visit v, String name, String version, String action) {
        String ref = name + ":" + version;
        String back = Links.version(name, version);
        return switch (action) {
            case "promote" -> {
                String stage = v.field("stage");
                if (destructive(v, stage) && !confirmed(v)
                        && v.registry().access().allowed(Permission.MODELS_PROMOTE, name)) {
                    yield confirm(v, "Move " + ref + " to " + stage + "?", "A version in " + stage
                            + " is taken out of use; moving it back may need another promotion and approval.",
                            "Yes, move it to " + stage, Links.versionAction(name, version, "promote"),
                            Map.of("stage", stage, "gates", v.field("gates")), back);
                }
                yield act(v, back, () -> promote(v, ref, stage));
            }
            case "approve" -> act(v, back, () -> {
                String stage = required(v, "stage");
                v.registry().lifecycle().approve(ref, stage);
                return "Approved " + ref + " for " + stage + ".";
            });
            case "describe" -> act(v, back, () -> {
                String text = v.field("description").replace("\r\n", "\n");
                v.registry().updateDescription(ref, text);
                return text.isBlank() ? "Removed the description of " + ref + "." : "Saved the description of " + ref + ".";
            });
            default -> throw new UiProblem(404, "Not found", "There is no action '" + action + "' on versions.");
        };
    }

    Reply onModel(Visit v, String name, String action) {
        String back = Links.model(name);
        return switch (action) {
            case "deploy" -> act(v, back, () -> {
                String environment = required(v, "environment");
                String version = required(v, "version");
                String endpoint = v.field("endpoint").isEmpty() ? null : v.field("endpoint");
                int replicas = integer(v, "replicas", 1);
                String canary = v.field("canary");
                EnvironmentDeployment d;
                if (canary.isEmpty()) {
                    d = v.registry().lifecycle().deploy(name + ":" + version, environment, endpoint, replicas);
                } else {
                    int percent = integer(v, "percent", 10);
                    if (percent <= 0 || percent >= 100) {
                        throw new UiProblem(400, "Bad request", "The canary's share must be between 1 and 99 %.");
                    }
                    d = v.registry().lifecycle().deploy(name, environment, List.of(new TrafficSplit(version, 100 - percent),
                            new TrafficSplit(canary, percent)), endpoint, replicas);
                }
                return "Deployed " + name + " to " + environment + ": " + splits(d) + ".";
            });
            case "rollback" -> act(v, back, () -> {
                String environment = required(v, "environment");
                EnvironmentDeployment d = v.registry().lifecycle().rollback(name, environment);
                return "Rolled " + environment + " back: it serves " + splits(d) + " again.";
            });
            case "alias" -> act(v, back, () -> {
                String alias = required(v, "alias");
                String version = required(v, "version");
                v.registry().setAlias(name, alias, version);
                return "Alias " + alias + " now points at " + version + ".";
            });
            case "unalias" -> !confirmed(v) && v.registry().access().allowed(Permission.MODELS_DEPLOY, name)
                    ? confirm(v, "Remove the alias " + v.field("alias") + " of " + name + "?",
                    "Everything that resolves " + name + "@" + v.field("alias") + " stops finding a version.",
                    "Yes, remove " + v.field("alias"), Links.modelAction(name, "unalias"),
                    Map.of("alias", v.field("alias")), back) : act(v, back, () -> {
                String alias = required(v, "alias");
                v.registry().removeAlias(name, alias);
                return "Alias " + alias + " removed.";
            });
            case "describe" -> act(v, back, () -> {
                String text = v.field("description").replace("\r\n", "\n");
                v.registry().updateModelDescription(name, text);
                return (text.isBlank() ? "Removed" : "Saved") + " the model card of " + name + ".";
            });
            default -> throw new UiProblem(404, "Not found", "There is no action '" + action + "' on models.");
        };
    }

    private static Reply act(Visit v, String back, Supplier<String> change) {
        try {
            v.session().flash().set(Flash.ok(change.get()));
        } catch (AccessDeniedException | StorageException e) {
            throw e; // a 403 page, or the error page of a store that failed
        } catch (GateFailedException e) {
            v.session().flash().set(Flash.refused("Refused: " + e.getMessage().split("\\R")[0], e.failed()));
        } catch (RegistryException | UiProblem e) {
            v.session().flash().set(Flash.refused("Refused: " + e.getMessage(), List.of()));
        }
        return Reply.redirect(back);
    }

    private static String promote(Visit v, String ref, String stage) {
        if (stage.isEmpty()) {
            throw new UiProblem(400, "Bad request", "Choose the stage to promote to.");
        }
        String[] gates = Arrays.stream(v.field("gates").split("\\R")).map(String::strip)
                .filter(g -> !g.isEmpty()).toArray(String[]::new);
        ModelVersion after = v.registry().lifecycle().promote(ref, stage, gates);
        return after.stage().equals(stage) ? "Promoted " + ref + " to " + stage + "."
                : "Promotion of " + ref + " to " + stage + " requested; it waits for another principal's approval.";
    }

    /**
     * A stage that takes a version out of use: archived or deprecated, or any stage with no way out. Moving a version
     * there needs a second, explicit yes.
     */
    static boolean destructive(Visit v, String stage) {
        if (stage.equals("archived") || stage.equals("deprecated")) {
            return true;
        }
        StageDefinition d = v.registry().lifecycle().stageMachine().stages().get(stage);
        return d != null && d.transitions().isEmpty();
    }

    private static boolean confirmed(Visit v) {
        return v.field("confirm").equals("yes");
    }

    private static Reply confirm(Visit v, String question, String consequence, String button, String action,
                                 Map<String, String> fields, String back) {
        return Reply.page("confirm.jte", new Views.ConfirmPage(v.frame(question, "models"), question, consequence,
                button, action, fields, back));
    }

    private static String splits(EnvironmentDeployment d) {
        StringBuilder b = new StringBuilder();
        for (TrafficSplit s : d.splits()) {
            b.append(b.length() == 0 ? "" : ", ").append(s.version()).append(' ').append(Fmt.number(s.percent()))
                    .append(" %");
        }
        return b.toString();
    }

    private static String required(Visit v, String field) {
        String value = v.field(field);
        if (value.isEmpty()) {
            throw new UiProblem(400, "Bad request", "The form needs a value for '" + field + "'.");
        }
        return value;
    }

    private static int integer(Visit v, String field, int otherwise) {
        String value = v.field(field);
        if (value.isEmpty()) {
            return otherwise;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new UiProblem(400, "Bad request", "'" + field + "' must be a whole number, not '" + value + "'.");
        }
    }
}
