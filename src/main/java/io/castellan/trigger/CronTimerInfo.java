package io.castellan.trigger;

/** What a cron timer carries, stored with it as text: process, version, trigger index, expression. */
record CronTimerInfo(String process, int version, int index, String expression) {

    static CronTimerInfo parse(String info) {
        String[] parts = info.split("\\|", 4);
        return new CronTimerInfo(parts[0], Integer.parseInt(parts[1]), Integer.parseInt(parts[2]), parts[3]);
    }

    @Override
    public String toString() {
        return process + "|" + version + "|" + index + "|" + expression;
    }
}
