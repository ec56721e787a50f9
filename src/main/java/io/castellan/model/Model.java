package io.castellan.model;

/**
 * A language model behind Castellan's agent loop. The loop is Castellan's: a model only answers
 * one turn at a time, and every answer is journaled.
 */
public interface Model {

    /** @throws ModelException when no answer can be had */
    ModelResponse respond(ModelRequest request);
}
