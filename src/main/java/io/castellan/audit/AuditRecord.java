package io.castellan.audit;

import io.castellan.platform.TimeOrderedIds;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One management action as the audit log keeps it: when, which token with which role, through
 * which entry point ({@code api}, {@code cli}, {@code console}, {@code jms}), what it did to what,
 * and how it ended (the HTTP status; {@code ok}, {@code refused} or {@code failed}). Written once,
 * never changed.
 */
@Entity
@Table(name = "audit_record")
public class AuditRecord {

    @Convert(disableConversion = true)
    @Id
    private String id;

    private Instant at;

    private String token;

    private String role;

    private String entry;

    private String method;

    private String target;

    @Column(name = "process_name")
    private String processName;

    private int status;

    private String outcome;

    private String detail;

    protected AuditRecord() {
    }

    /**
     * @param token  the caller's token name, null when it gave none that is valid
     * @param target the request's path (under /api/v1) or the queue a message came to
     */
    public AuditRecord(Instant at, String token, String role, String entry, String method, String target, String processName,
                       int status, String detail) {
        this.id = TimeOrderedIds.next();
        this.at = at;
        this.token = token;
        this.role = role;
        this.entry = entry;
        this.method = method;
        this.target = cut(target, 1000);
        this.processName = processName != null && processName.length() <= 63 ? processName : null;
        this.status = status;
        this.outcome = status < 400 ? "ok" : status < 500 ? "refused" : "failed";
        this.detail = cut(detail, 1000);
    }

    private static String cut(String text, int most) {
        return text == null || text.length() <= most ? text : text.substring(0, most);
    }

    public String id() { return id; }
    public Instant at() { return at; }
    public String token() { return token; }
    public String role() { return role; }
    public String entry() { return entry; }
    public String method() { return method; }
    public String target() { return target; }
    public String processName() { return processName; }
    public int status() { return status; }
    public String outcome() { return outcome; }
    public String detail() { return detail; }
}
