package io.castellan.invocation;

/**
 * Another invocation of the process holds its run slot. Thrown out of the consumer so the broker
 * delivers the trigger again later.
 */
public class ProcessBusyException extends RuntimeException {

    public ProcessBusyException(String process, String holder) {
        super("process " + process + " is running invocation " + holder);
    }
}
