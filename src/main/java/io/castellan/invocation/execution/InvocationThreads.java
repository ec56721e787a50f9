package io.castellan.invocation.execution;

import io.castellan.platform.ServerSettings;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ContextService;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/**
 * The threads invocations run on: a virtual thread each, so one that waits on a model or a tool
 * holds no platform thread, and the consumer that claimed it is free for the next wake-up at once.
 * At most {@code castellan.invocations.max} (default 1,000) run at once on a server; when they
 * are all taken the consumers wait for a slot, and the broker keeps the rest of the wake-ups.
 */
@ApplicationScoped
class InvocationThreads {

    private static final long SLOT_POLL_MS = 200;

    /** Carries the application's context (class loader, java:comp, security) onto the virtual threads. */
    @Resource(lookup = "java:comp/DefaultContextService")
    private ContextService contexts;

    private Semaphore slots;
    private ExecutorService threads;
    private UnaryOperator<Runnable> contextual;

    /** For the container. */
    InvocationThreads() {
    }

    /** {@code max} slots, tasks run with the caller's context as it is (the tests, without a server). */
    InvocationThreads(int max) {
        open(max, task -> task);
    }

    @PostConstruct
    void open() {
        open(Integer.parseInt(ServerSettings.get("castellan/invocations/max", "1000")), contexts::contextualRunnable);
    }

    private void open(int max, UnaryOperator<Runnable> contextual) {
        this.slots = new Semaphore(Math.max(1, max));
        this.threads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("castellan-invocation-", 0).factory());
        this.contextual = contextual;
    }

    /**
     * Waits for a free slot.
     *
     * @return false, without a slot, when the server began to stop while waiting
     */
    boolean acquire(BooleanSupplier stopping) {
        try {
            while (!stopping.getAsBoolean()) {
                if (slots.tryAcquire(SLOT_POLL_MS, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A free slot now, or false at once. */
    boolean tryAcquire() {
        return slots.tryAcquire();
    }

    void release() {
        slots.release();
    }

    /** Slots free now: {@code castellan.invocations.max} when nothing runs here (the tests check the count). */
    int free() {
        return slots.availablePermits();
    }

    /** Runs the task on a new virtual thread; its slot is given back when it ends. */
    void start(Runnable task) {
        Runnable withContext = contextual.apply(task);
        threads.execute(() -> {
            try {
                withContext.run();
            } finally {
                slots.release();
            }
        });
    }
}
