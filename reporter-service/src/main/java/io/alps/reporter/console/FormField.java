package io.alps.reporter.console;

import java.util.List;

/**
 * One control of the console's experiment and sweep forms, as its template draws it: the spec field
 * it sets ({@code name}), its visible label, the value shown (the default, the experiment's it was
 * filled from, or what was typed), the field's help and the server's refusal of it, if any.
 * {@code kind} is the experiment kind whose own field it is, or null for a field of every kind;
 * {@code several} marks a sweep axis, which takes several values (comma-separated, or several choices).
 */
public record FormField(String name, String label, Input input, String value, String help, String error,
                        List<Choice> choices, String kind, boolean several) {

    /** How the value is typed in. */
    public enum Input {
        NUMBER, TEXT, CHOICE,
        /** A yes/no choice: yes sends {@code true}, no leaves the spec's default (false). */
        FLAG;

        /** Picked from a list rather than typed. */
        public boolean chosen() {
            return this == CHOICE || this == FLAG;
        }
    }

    /** One option of a choice; {@code label} adds what a person needs to know to pick it. */
    public record Choice(String value, String label) {
    }

    public String id() {
        return "f-" + name;
    }

    public String helpId() {
        return id() + "-help";
    }

    public String errorId() {
        return id() + "-error";
    }

    /** The ids of the texts that describe the control: its help, then its error. */
    public String describedBy() {
        return error == null ? helpId() : helpId() + " " + errorId();
    }

    public boolean isChoice() {
        return input.chosen();
    }

    public boolean isNumber() {
        return input == Input.NUMBER;
    }

    /** Whether the choice {@code choice} is the value shown (one of the values, for a sweep axis). */
    public boolean selected(Choice choice) {
        return several ? values().contains(choice.value()) : choice.value().equals(value);
    }

    /** The values of a sweep axis: the comma-separated parts of the value. */
    public List<String> values() {
        return java.util.Arrays.stream(value.split(",")).map(String::strip).filter(v -> !v.isEmpty()).toList();
    }

    /** Whether the field is shown for kind {@code shownKind}: a field of every kind, or that kind's own. */
    public boolean shownFor(String shownKind) {
        return kind == null || kind.equals(shownKind);
    }

    FormField withError(String problem) {
        return new FormField(name, label, input, value, help, problem, choices, kind, several);
    }
}
