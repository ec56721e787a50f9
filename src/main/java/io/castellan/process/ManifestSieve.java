package io.castellan.process;

import jakarta.persistence.TypedQuery;

/**
 * A cheap sieve over the stored manifests' text, before any is parsed: fleet-wide work (a start's,
 * a timer's) that concerns the few processes whose manifests say one word reads only those. It may
 * let through a manifest that does not use the word as a field (a prompt that says it); it never
 * keeps one out that does. YAML can spell a key with escapes in a double-quoted string
 * ({@code "\x72etention"}), so every manifest with a backslash goes through as well.
 */
public final class ManifestSieve {

    /** The JPQL condition on a {@code ProcessVersion v}; bind its parameters with {@link #bind}. */
    public static final String CONDITION = "(v.manifestText like :sieveWord or v.manifestText like :sieveBackslash escape '!')";

    private ManifestSieve() {
    }

    /** Binds {@link #CONDITION}'s parameters for manifests that mention {@code word}. */
    public static <T> TypedQuery<T> bind(TypedQuery<T> query, String word) {
        // the word's own LIKE wildcards ('_' in max_) only let more through
        return query.setParameter("sieveWord", "%" + word + "%").setParameter("sieveBackslash", "%\\%");
    }
}
