package io.castellan.audit;

import jakarta.annotation.PreDestroy;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Every second, and once more when the server stops, writes the queued audit records. */
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class AuditWriter {

    private static final Logger LOG = Logger.getLogger(AuditWriter.class.getName());

    @Inject
    private AuditLog log;

    @Schedule(second = "*", minute = "*", hour = "*", persistent = false)
    void writeQueued() {
        List<AuditRecord> batch = log.take();
        while (!batch.isEmpty()) {
            try {
                log.write(batch);
            } catch (RuntimeException e) {
                log.requeue(batch);
                LOG.log(Level.WARNING, "Writing audit records failed; trying again in a second: {0}", e.getMessage());
                return;
            }
            batch = batch.size() == AuditLog.BATCH ? log.take() : List.of();
        }
    }

    @PreDestroy
    void flush() {
        writeQueued();
    }
}
