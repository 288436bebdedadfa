package dev.morph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped executable under any locale (cron, {@code env -i}, {@code sbatch --export=NONE}): with
 * experiment folders named {@code Ärger} and {@code ü日本語🐟}, {@code status}, {@code plan} and
 * {@code run} work the same with LANG unset, C and POSIX as under C.UTF-8, never print a stack trace,
 * and the jobs run in the locale morph was given.
 */
class LocaleIT {
    private static final Path EXECUTABLE = Path.of(System.getProperty("morph.executable", "target/morph")).toAbsolutePath();
    private static final List<String> NAMES = List.of("Ärger", "ü日本語🐟");
    private static final String PIPELINE = """
            experiments:
              pattern: raw/{exp}/
            steps:
              work:
                inputs:
                  data: raw/{exp}/
                outputs:
                  out: out/{exp}.txt
                command: "echo \\"locale=$LC_ALL\\" > {outputs.out}"
            """;

    @TempDir
    Path tmp;

    record Result(int code, String out, String err) {
    }

    @Test
    void everyCommand_worksTheSameInEveryLocale() throws Exception {
        Map<String, String> locales = new LinkedHashMap<>();
        locales.put("C.UTF-8", "LANG=C.UTF-8");
        locales.put("unset", null);
        locales.put("C", "LANG=C");
        locales.put("POSIX", "LC_ALL=POSIX");
        Map<String, String> plans = new LinkedHashMap<>();
        for (Map.Entry<String, String> locale : locales.entrySet()) {
            Path dir = tmp.resolve(locale.getKey());
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("p.yaml"), PIPELINE, StandardCharsets.UTF_8);
            for (String name : NAMES) {
                Files.createDirectories(dir.resolve("root/raw/" + name));
                Files.writeString(dir.resolve("root/raw/" + name + "/data.txt"), name, StandardCharsets.UTF_8);
            }
            String what = "under " + locale.getKey();
            Result status = morph(dir, locale.getValue(), "status");
            assertEquals(0, status.code(), () -> what + ": " + status);
            Result plan = morph(dir, locale.getValue(), "plan", "--format", "json");
            assertEquals(0, plan.code(), () -> what + ": " + plan);
            plans.put(locale.getKey(), plan.out().replace(dir.toString(), "DIR"));
            Result run = morph(dir, locale.getValue(), "run");
            assertEquals(0, run.code(), () -> what + ": " + run);
            for (String name : NAMES) {
                String made = Files.readString(dir.resolve("root/out/" + name + ".txt"), StandardCharsets.UTF_8);
                String given = locale.getValue() != null && locale.getValue().startsWith("LC_ALL=") ? locale.getValue().substring(7) : "";
                assertEquals("locale=" + given + "\n", made, what + ": the job runs in the locale morph was given");
            }
            Result after = morph(dir, locale.getValue(), "plan");
            assertTrue(after.code() == 0 && after.out().contains("Nothing to do"), () -> what + ": " + after);
            for (Result r : List.of(status, plan, run, after)) {
                assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), () -> what + ": " + r);
            }
        }
        String utf8 = plans.get("C.UTF-8");
        assertTrue(utf8.contains("ü日本語🐟"), utf8);
        plans.forEach((locale, plan) -> assertEquals(utf8, plan, "plan --format json under " + locale));
    }

    /** Runs the executable with {@code env -i}: only PATH, HOME and the one locale setting given. */
    private Result morph(Path dir, String locale, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("env", "-i", "PATH=" + System.getenv("PATH"), "HOME=" + dir));
        if (System.getenv("JAVA_HOME") != null) {
            command.add("JAVA_HOME=" + System.getenv("JAVA_HOME"));
        }
        if (locale != null) {
            command.add(locale);
        }
        command.addAll(List.of(EXECUTABLE.toString(), "-p", dir.resolve("p.yaml").toString(), "-r", dir.resolve("root").toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "morph did not finish");
        return new Result(p.exitValue(), Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8));
    }
}
