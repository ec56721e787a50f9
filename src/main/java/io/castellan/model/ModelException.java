package io.castellan.model;

/** The model could not answer; the invocation fails with this reason. */
public class ModelException extends RuntimeException {

    public ModelException(String message) {
        super(message);
    }
}
