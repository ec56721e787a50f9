package io.castellan.budget;

import io.castellan.manifest.Budget;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;

/** The budget day an instant falls in: from the last reset time in the budget's time zone to the next. */
public record BudgetDay(Instant start, Instant end) {

    public static BudgetDay of(Budget budget, Instant now) {
        ZonedDateTime local = now.atZone(budget.timezone());
        LocalDate day = local.toLocalDate();
        ZonedDateTime start = day.atTime(budget.resetAt()).atZone(budget.timezone());
        if (start.isAfter(local)) {
            day = day.minusDays(1);
            start = day.atTime(budget.resetAt()).atZone(budget.timezone());
        }
        ZonedDateTime end = day.plusDays(1).atTime(budget.resetAt()).atZone(budget.timezone());
        return new BudgetDay(start.toInstant(), end.toInstant());
    }
}
