package dev.morph.journal;

import dev.morph.plan.JobId;
import dev.morph.store.AtomicFiles;
import dev.morph.store.NoLinks;
import dev.morph.store.StateLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The job records under {@code .morph/journal/}. Reading never fails a command. A record that does not
 * exist is absent (the job is judged by mtimes alone); one that exists but cannot be read (garbage,
 * truncated, empty, {@code null}, wrong types, a symbolic link, a journal that is not a directory) is
 * {@link #unreadable}: the job's last execution is unknown, and the planner reruns it.
 */
public final class Journal {
    private final StateLayout layout;
    private final boolean present;
    private final List<String> warnings = new ArrayList<>();
    private final ConcurrentHashMap<JobId, Optional<JobRecord>> cache = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<JobId, String> unreadable = new ConcurrentHashMap<>();
    /** Why the whole journal cannot be read (it is a file, or a link), or null. */
    private final String broken;

    public Journal(StateLayout layout) {
        this.layout = layout;
        Path dir = layout.base().resolve("journal");
        this.present = Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS);
        this.broken = present || !Files.exists(dir, LinkOption.NOFOLLOW_LINKS) ? null
                : layout.root().relativize(dir) + " is " + (Files.isSymbolicLink(dir) ? "a symbolic link" : "not a directory");
        if (broken != null) {
            warn(broken + ": every job's last execution is unknown and every job will rerun (JOURNAL_UNREADABLE);"
                    + " move it away to keep it");
        }
    }

    /** Why the job's record exists but cannot be read, naming the file, once {@link #read} or {@link #load} met it. */
    public Optional<String> unreadable(JobId id) {
        return Optional.ofNullable(broken != null ? broken : unreadable.get(id));
    }

    /** The job's last record; cached for the life of this object, which is one plan. */
    public Optional<JobRecord> read(JobId id) {
        if (!present || broken != null) {
            return Optional.empty();
        }
        return cache.computeIfAbsent(id, this::load); // once per record, however many threads ask
    }

    /**
     * Starts reading the records of {@code ids} on {@code threads} background threads, in that order, so
     * that {@link #read} mostly finds them parsed: parsing is CPU work, thousands of records after a big
     * run. {@link #read} of a record not reached yet reads it itself; nothing here changes an answer.
     */
    public void readAhead(List<JobId> ids, int threads) {
        if (!present || threads < 1 || ids.isEmpty()) {
            return;
        }
        ExecutorService readers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "morph-journal-read");
            t.setDaemon(true);
            return t;
        });
        ids.forEach(id -> readers.execute(() -> read(id)));
        readers.shutdown(); // its threads end when every record is read
    }

    /** Reads the current record from disk, bypassing the cache (for runs, which change records). */
    public Optional<JobRecord> load(JobId id) {
        Path file = layout.journal(id.step(), id.experiment());
        try {
            NoLinks.check(file);
            JobRecord record = JobRecordJson.read(Files.readAllBytes(file));
            if (record == null) {
                throw new IOException("it holds no record");
            }
            unreadable.remove(id);
            return Optional.of(record);
        } catch (NoSuchFileException e) {
            unreadable.remove(id);
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            String why = "journal record " + layout.root().relativize(file) + " is unreadable (" + problem(e) + ")";
            unreadable.put(id, why);
            warn(why + "; " + id + " will rerun (JOURNAL_UNREADABLE)");
            return Optional.empty();
        }
    }

    public void write(JobRecord record) throws IOException {
        AtomicFiles.write(layout.journal(record.job().step(), record.job().experiment()), JobRecordJson.write(record));
    }

    /**
     * Puts back the record a job had before a start record that was never followed by a start
     * (the run stopped first): the previous record, durably, or none.
     */
    public void restore(JobId id, Optional<JobRecord> previous) throws IOException {
        if (previous.isPresent()) {
            write(previous.get());
        } else {
            Files.deleteIfExists(layout.journal(id.step(), id.experiment()));
        }
    }

    private static String problem(Exception e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }

    private synchronized void warn(String message) {
        warnings.add(message);
    }

    public synchronized List<String> warnings() {
        return List.copyOf(warnings);
    }
}
