package io.castellan.history;

import io.castellan.invocation.Invocation;
import io.castellan.journal.Journal;
import io.castellan.journal.JournalEntry;
import io.castellan.platform.ProblemException;
import io.castellan.process.ProcessVersion;
import io.castellan.process.Processes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/** Finds the point a fork or a rewind is taken at, refusing one inside an invocation that had not ended by then. */
@ApplicationScoped
class ForkPoints {

    @Inject
    private Processes processes;

    @Inject
    private Journal journal;

    @PersistenceContext
    private EntityManager em;

    /** An invocation id (its end), or a journal entry's sequence number (its time), of the source process. */
    ForkPoint of(String source, String at) {
        if (at.matches("[1-9][0-9]{0,17}")) {
            long seq = Long.parseLong(at);
            JournalEntry entry = journal.after(source, seq - 1, 1).stream().filter(e -> e.seq() == seq).findFirst()
                    .orElseThrow(() -> ProblemException.notFound("journal entry " + seq + " of process '" + source + "'"));
            if (entry.invocationId() != null) {
                Invocation invocation = em.find(Invocation.class, entry.invocationId());
                if (invocation != null && (!invocation.status().isFinal()
                        || (invocation.finishedAt() != null && entry.at().isBefore(invocation.finishedAt())))) {
                    throw inside(invocation);
                }
            }
            return new ForkPoint(entry.at(), versionAt(source, entry), "journal entry " + seq);
        }
        Invocation invocation = em.find(Invocation.class, at);
        if (invocation == null || !invocation.processName().equals(source)) {
            throw ProblemException.notFound("invocation '" + at + "' of process '" + source + "'");
        }
        if (!invocation.status().isFinal() || invocation.finishedAt() == null) {
            throw inside(invocation);
        }
        return new ForkPoint(invocation.finishedAt(), invocation.version() == null ? 1 : invocation.version(), "invocation " + at);
    }

    private static ProblemException inside(Invocation invocation) {
        return ProblemException.conflict("that point is inside invocation " + invocation.id() + ", which "
                + (invocation.status().isFinal() ? "ended later" : "has not ended") + ": fork at a point between invocations, such as its id once it ended");
    }

    /** The version the process ran when the entry was written: the newest deployed by then. */
    private int versionAt(String source, JournalEntry entry) {
        return processes.versions(source, null, 1000).stream().filter(v -> !v.createdAt().isAfter(entry.at()))
                .mapToInt(ProcessVersion::version).max().orElse(1);
    }

}
