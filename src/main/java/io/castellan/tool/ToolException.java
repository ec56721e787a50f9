package io.castellan.tool;

/** A tool failed in a way the model is told about; the invocation goes on. */
public class ToolException extends RuntimeException {

    public ToolException(String message) {
        super(message);
    }
}
