package io.castellan.it;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Keeps an OTLP receiver listening for the whole integration test run, as a collector would: the
 * test server exports its traces and metrics there all along, so its log holds no export failures,
 * and {@link TelemetryIT} reads what arrived. Does nothing where no {@code otlp.port} is set (the
 * unit tests).
 */
public final class OtlpSession implements LauncherSessionListener {

    private static volatile OtlpReceiver receiver;

    /** The run's receiver, or a new one when the run has none (a test started on its own, from an IDE). */
    static synchronized OtlpReceiver receiver() {
        if (receiver == null) {
            receiver = new OtlpReceiver();
        }
        return receiver;
    }

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (System.getProperty("otlp.port") != null) {
            receiver();
        }
    }

    @Override
    public synchronized void launcherSessionClosed(LauncherSession session) {
        if (receiver != null) {
            receiver.close();
            receiver = null;
        }
    }
}
