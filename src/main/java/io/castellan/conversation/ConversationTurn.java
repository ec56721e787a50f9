package io.castellan.conversation;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;

/** One message of a process's conversation: what woke it, what it answered, or a summary of older turns. */
@Entity
@Table(name = "conversation_turn")
public class ConversationTurn {

    public enum Role { USER, ASSISTANT, SUMMARY }

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "conversation_turn_seq")
    @SequenceGenerator(name = "conversation_turn_seq", sequenceName = "conversation_turn_seq", allocationSize = 50)
    private Long id;

    @Column(name = "process_name")
    private String processName;

    @Column(name = "invocation_id")
    private String invocationId;

    @Enumerated(EnumType.STRING)
    private Role role;

    private String content;

    private int tokens;

    private Instant at;

    protected ConversationTurn() {
    }

    ConversationTurn(String processName, String invocationId, Role role, String content, Instant at) {
        this.processName = processName;
        this.invocationId = invocationId;
        this.role = role;
        this.content = content;
        this.tokens = Conversations.estimateTokens(content);
        this.at = at;
    }

    public Long id() {
        return id;
    }

    public String invocationId() {
        return invocationId;
    }

    public Role role() {
        return role;
    }

    public String content() {
        return content;
    }

    public int tokens() {
        return tokens;
    }

    public Instant at() {
        return at;
    }
}
