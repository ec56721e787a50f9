package io.castellan.model;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The answers being written, as they arrive from a streaming provider: for each invocation the
 * pieces of its current turn's answer, numbered, for its live stream to read from any point. Only
 * in memory, and only for a while: the journal keeps each answer once, whole, and is what lasts.
 * A retry of the call starts the turn again (its pieces so far are dropped, and the number of the
 * attempt goes up). On a fleet a {@link Relay} tells the other servers, which keep what they hear
 * here too ({@link #remote}), so a follower on any server sees the answer being written.
 */
@ApplicationScoped
public class AnswerStreams {

    /** How long an answer's pieces stay readable after its last piece. */
    static final Duration KEPT = Duration.ofMinutes(2);
    /** The most text kept for one answer; beyond it pieces are dropped from the stream (the journal has them). */
    static final int MOST_CHARS = 1 << 20;
    /** How often the answers past KEPT are looked for: each look walks every answer of the last two minutes. */
    private static final long SWEEP_EVERY_NANOS = Duration.ofSeconds(1).toNanos();

    /** The pieces of one turn's answer: which turn, which attempt of its call, and the text so far. */
    public record Pieces(int turn, int attempt, List<String> pieces) {
    }

    private static final class Answer {
        int turn;
        int attempt;
        int chars;
        final List<String> pieces = new ArrayList<>();
        long touched = System.nanoTime();
    }

    /** Where what is written here goes besides this server's followers: the other servers of a fleet. */
    public interface Relay {
        /** A turn's call began (again): {@code attempt} counts the calls of that turn. */
        void begun(String invocationId, int turn, int attempt);

        /** The piece numbered {@code index} (from 0) of that turn's attempt. */
        void piece(String invocationId, int turn, int attempt, int index, String text);
    }

    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private volatile Relay relay;
    /** When answers past KEPT were last looked for (nanoTime; racing threads at worst both look). */
    private volatile long lastSweep = System.nanoTime() - SWEEP_EVERY_NANOS;

    /** From now on, what is written here is also told to {@code relay}. */
    public void relayTo(Relay relay) {
        this.relay = relay;
    }

    /** A turn's call begins (again, on a retry): what came before it is dropped. */
    void begin(String invocationId, int turn) {
        forgetOld();
        Answer answer = answers.computeIfAbsent(invocationId, id -> new Answer());
        synchronized (answer) {
            answer.attempt = answer.turn == turn ? answer.attempt + 1 : 1;
            answer.turn = turn;
            answer.chars = 0;
            answer.pieces.clear();
            answer.touched = System.nanoTime();
            if (relay != null) {
                relay.begun(invocationId, turn, answer.attempt);
            }
        }
    }

    /** A piece of the answer, as the provider sent it. */
    void piece(String invocationId, String text) {
        Answer answer = answers.get(invocationId);
        if (answer == null || text == null || text.isEmpty()) {
            return;
        }
        synchronized (answer) {
            if (answer.chars + text.length() <= MOST_CHARS) {
                answer.pieces.add(text);
                answer.chars += text.length();
                if (relay != null) {
                    relay.piece(invocationId, answer.turn, answer.attempt, answer.pieces.size() - 1, text);
                }
            }
            answer.touched = System.nanoTime();
        }
    }

    /**
     * Pieces written on another server, numbered from {@code from}: a new turn or attempt starts
     * the answer again; a piece already here, or one after a gap (a relay message lost), is left out.
     */
    public void remote(String invocationId, int turn, int attempt, int from, List<String> pieces) {
        Answer answer = answers.get(invocationId);
        if (answer == null) {
            forgetOld();
            answer = answers.computeIfAbsent(invocationId, id -> new Answer());
        }
        synchronized (answer) {
            if (answer.turn != turn || answer.attempt != attempt) {
                answer.turn = turn;
                answer.attempt = attempt;
                answer.chars = 0;
                answer.pieces.clear();
            }
            for (int i = 0; i < pieces.size(); i++) {
                String text = pieces.get(i);
                if (from + i == answer.pieces.size() && answer.chars + text.length() <= MOST_CHARS) {
                    answer.pieces.add(text);
                    answer.chars += text.length();
                }
            }
            answer.touched = System.nanoTime();
        }
    }

    /** The current turn's pieces from {@code from} on, or null when nothing is being written for it here. */
    public Pieces after(String invocationId, int from) {
        Answer answer = answers.get(invocationId);
        if (answer == null) {
            return null;
        }
        synchronized (answer) {
            int start = Math.min(Math.max(from, 0), answer.pieces.size());
            return new Pieces(answer.turn, answer.attempt, List.copyOf(answer.pieces.subList(start, answer.pieces.size())));
        }
    }

    private void forgetOld() {
        long now = System.nanoTime();
        // at most once a second: at every call's start, with hundreds of calls a second, the walk
        // over every answer of the last two minutes showed in up to 1.5 % of the server's profile
        // samples (500-process run)
        if (now - lastSweep < SWEEP_EVERY_NANOS) {
            return;
        }
        lastSweep = now;
        answers.entrySet().removeIf(e -> now - e.getValue().touched > KEPT.toNanos());
    }
}
