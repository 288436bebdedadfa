package dev.morph.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.morph.plan.JobId;
import dev.morph.run.JobStatus;
import dev.morph.store.StateLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading records ahead on other threads gives exactly what reading them one by one gives, warnings included. */
class JournalReadAheadTest {
    @TempDir
    Path root;

    @Test
    void readAhead_sameRecordsAndWarningsAsPlainReads() throws IOException {
        StateLayout layout = new StateLayout(root);
        Journal writer = new Journal(layout);
        List<JobId> ids = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            JobId id = new JobId("step", "e" + i);
            ids.add(id);
            if (i % 7 == 3) {
                continue; // no record
            }
            JobRecord rec = new JobRecord(id, new JobRecord.Attempt("run1", "host", 1L, 1, 10L + i),
                    new JobRecord.Command(List.of("cmd", "e" + i), List.of("cmd", "{exp}"), Map.of("p", "v" + i)),
                    new JobRecord.Inputs(5L, "raw/e" + i, null), JobRecord.Outcome.running());
            writer.write(i % 5 == 0 ? rec.with(new JobRecord.Outcome(JobStatus.SUCCEEDED, 20L + i, Map.of("out", 30L + i), 0, null, null)) : rec);
        }
        Files.writeString(layout.journal("step", "e11"), "{ not json");

        Journal plain = new Journal(layout);
        List<Optional<JobRecord>> expected = ids.stream().map(plain::read).toList();
        Journal ahead = new Journal(layout);
        ahead.readAhead(ids, 4);
        List<Optional<JobRecord>> actual = new ArrayList<>();
        for (int i = ids.size() - 1; i >= 0; i--) {
            actual.add(0, ahead.read(ids.get(i)));
        }

        assertEquals(expected, actual);
        assertEquals(plain.warnings(), ahead.warnings(), "the corrupt record warned about once");
        assertEquals(1, ahead.warnings().size());
    }
}
