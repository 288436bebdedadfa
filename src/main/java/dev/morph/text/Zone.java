package dev.morph.text;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.TimeZone;

/**
 * The time zone that times are shown in: the offset from UTC at each instant.
 * <p>
 * {@link #system()} reads the machine's zone through {@link TimeZone}, not {@link ZoneId#systemDefault()}:
 * a region's {@code ZoneId} loads java.time's zone-rule providers, whose service lookup opens and indexes
 * morph's executable jar (it is on the boot class path) in Java, about 10 ms of every {@code plan} that
 * shows a time (docs/performance.md). {@code TimeZone} reads the same tz database without that lookup;
 * the two agree at every transition of every zone up to 2037 ({@code ZoneTest}). Later, {@code TimeZone}
 * goes by each zone's last rule, so in the few zones whose future the tz database lists year by year
 * (Morocco, Namibia, Palestine) a time after 2037 may be shown an hour off.
 */
@FunctionalInterface
public interface Zone {
    Zone UTC = instant -> ZoneOffset.UTC;

    ZoneOffset offsetAt(Instant instant);

    /** The local date and time of {@code instant} here. */
    default LocalDateTime local(Instant instant) {
        return LocalDateTime.ofInstant(instant, offsetAt(instant));
    }

    static Zone of(ZoneId zone) {
        return instant -> zone.getRules().getOffset(instant);
    }

    static Zone of(TimeZone zone) {
        return instant -> ZoneOffset.ofTotalSeconds(zone.getOffset(instant.toEpochMilli()) / 1000);
    }

    /** This machine's zone ({@code TZ}, {@code /etc/localtime}, {@code -Duser.timezone}), looked up when a time is shown. */
    static Zone system() {
        return instant -> of(TimeZone.getDefault()).offsetAt(instant);
    }
}
