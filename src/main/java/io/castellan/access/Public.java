package io.castellan.access;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A resource method anyone may call without a token, because a protocol says discovery is open:
 * an A2A agent card (it names the agent and how to authenticate, nothing the agent holds). The
 * bearer-token filter lets it through; everything else in the application still needs a token.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Public {
}
