package mrtbox.appliance.systemd;

/** Run in a child JVM with NOTIFY_SOCKET set: sends what a starting service sends. */
public final class NotifyProbe {
    public static void main(String[] args) {
        SystemdNotifier n = SystemdNotifier.fromEnvironment();
        if (!n.active()) {
            System.err.println("notifier inactive");
            System.exit(3);
        }
        n.status("loading model");
        n.ready("playing tiny-v1");
        n.watchdogPing();
        n.stopping();
    }
}
