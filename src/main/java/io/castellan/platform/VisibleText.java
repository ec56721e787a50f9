package io.castellan.platform;

/**
 * What counts as saying nothing, for a text a person or a model is to read (an approval's summary,
 * a question, a message, a memory): spaces of every kind, control, format and private-use
 * characters, lone surrogates, U+FFFD, unassigned code points and combining marks with nothing to
 * sit on. {@link String#isBlank} lets a zero-width space or an accent alone through, and a person
 * was shown an empty request. A BERT tokenizer (the in-process embedding model's) drops all of these
 * but the unassigned, which it reads as its "unknown" token, a meaning nobody can search for.
 */
public final class VisibleText {

    private VisibleText() {
    }

    /** True for null and for a text of nothing but the characters above. */
    public static boolean blank(String text) {
        return text == null || text.codePoints().allMatch(VisibleText::unseen);
    }

    private static boolean unseen(int c) {
        if (Character.isWhitespace(c) || Character.isSpaceChar(c) || c == 0xFFFD) {
            return true;
        }
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.PRIVATE_USE, Character.SURROGATE, Character.UNASSIGNED,
                    Character.NON_SPACING_MARK -> true;
            default -> false;
        };
    }
}
