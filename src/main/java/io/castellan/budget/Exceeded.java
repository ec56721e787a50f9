package io.castellan.budget;

/**
 * A limit a step would cross, found before the step is taken.
 *
 * @param limit   the manifest field, such as {@code max_daily_cost}
 * @param allowed the limit's value
 * @param used    what was used, with what the step would add
 * @param daily   a daily limit (acted on by {@code on_exceeded}) rather than one of the invocation
 */
public record Exceeded(String limit, String allowed, String used, boolean daily) {

    /** The invocation's failure reason: it starts with {@code budget:}. */
    public String reason() {
        return "budget: " + limit + " (" + allowed + ") would be exceeded (" + used + ")";
    }
}
