package io.castellan.access;

/** What a token may do; each role includes the ones before it. */
public enum Role {
    VIEWER, OPERATOR, ADMIN;

    public boolean includes(Role other) {
        return ordinal() >= other.ordinal();
    }
}
