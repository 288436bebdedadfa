package dev.morph.journal;

import dev.morph.plan.JobId;
import dev.morph.store.AtomicFiles;
import dev.morph.store.StateLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The job records under {@code .morph/journal/}. Reading never fails a command: a corrupt or unreadable
 * record is reported as a warning and treated as absent (the job is then judged by mtimes alone).
 */
public final class Journal {
    private final StateLayout layout;
    private final boolean present;
    private final List<String> warnings = new ArrayList<>();
    private final ConcurrentHashMap<JobId, Optional<JobRecord>> cache = new ConcurrentHashMap<>();

    public Journal(StateLayout layout) {
        this.layout = layout;
        this.present = Files.isDirectory(layout.base().resolve("journal"));
    }

    /** The job's last record; cached for the life of this object, which is one plan. */
    public Optional<JobRecord> read(JobId id) {
        if (!present) {
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
            return Optional.of(JobRecordJson.read(Files.readAllBytes(file)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            warn("journal record " + layout.root().relativize(file) + " is unreadable and was ignored ("
                    + e.getClass().getSimpleName() + "); " + id + " is judged by mtimes alone");
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

    private synchronized void warn(String message) {
        warnings.add(message);
    }

    public synchronized List<String> warnings() {
        return List.copyOf(warnings);
    }
}
