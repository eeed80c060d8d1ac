package io.alps.api.data;

/**
 * User-supplied file and folder names as messages show them: control characters written as
 * {@code \}{@code uXXXX} so a message stays one readable line, and very long names cut.
 */
public final class ShownNames {
    private static final int SHOWN_CHARS = 120;

    private ShownNames() {
    }

    public static String shown(String name) {
        StringBuilder out = new StringBuilder();
        name.codePoints().limit(SHOWN_CHARS).forEach(cp -> {
            if (Character.isISOControl(cp)) {
                out.append(String.format("\\u%04X", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return name.codePointCount(0, name.length()) > SHOWN_CHARS ? out + "..." : out.toString();
    }
}
