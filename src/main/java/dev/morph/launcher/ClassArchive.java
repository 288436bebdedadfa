package dev.morph.launcher;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The class-data-sharing archive that makes morph start fast: the JVM maps morph's classes (and the
 * JDK's) pre-parsed and pre-verified from {@code <executable>.jsa} instead of loading them from the jar,
 * which takes about a third off a short command. The build makes one for {@code target/morph}; the
 * launcher passes it to the JVM when it is not older than the executable; and when morph finds it
 * missing, stale or not usable by this JVM (a copied executable, another or updated JDK), it makes a
 * new one in the background for the next start. A static archive ({@code -Xshare:dump} from a class
 * list) rather than a dynamic one, because Java 17's dynamic archives leave out picocli's classes
 * (their class files predate Java 6). A JVM that cannot use the archive silently runs without it.
 */
public final class ClassArchive {
    /** Set by the launcher: where it looks for the archive. */
    static final String ARCHIVE_PROPERTY = "morph.archive";
    /** A generation that has not finished by then is taken as dead. */
    private static final Duration STALE_MAKING = Duration.ofMinutes(10);
    private static final long STEP_TIMEOUT_SECONDS = 300;

    private ClassArchive() {
    }

    /**
     * Makes {@code args[1]} (the archive) for {@code args[0]} (the executable, as the launcher names it
     * on the class path), with this JVM and its options; exit code 0 when the archive works.
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 2) {
            System.err.println("usage: java -cp EXECUTABLE " + ClassArchive.class.getName() + " EXECUTABLE ARCHIVE");
            System.exit(2);
        }
        Path archive = Path.of(args[1]);
        String problem;
        try {
            problem = make(Path.of(args[0]), archive);
        } finally {
            Files.deleteIfExists(making(archive));
        }
        System.out.println(problem == null ? "class-data archive: " + archive : "no class-data archive (" + problem + ")");
        System.exit(problem == null ? 0 : 1);
    }

    /**
     * After a command: starts making the archive in the background when the launcher looked for one
     * and it is missing, older than the executable or this JDK, or was not mapped by this JVM. Never
     * fails the command and prints nothing.
     */
    static void keepFresh() {
        String where = System.getProperty(ARCHIVE_PROPERTY);
        if (where == null) {
            return;
        }
        try {
            Path archive = Path.of(where);
            Path executable = Path.of(System.getProperty("java.class.path"));
            // with options of the user's own (MORPH_JAVA_OPTS, maybe -Xshare:off) an unmapped archive proves nothing
            String own = System.getenv("MORPH_JAVA_OPTS");
            boolean mapped = System.getProperty("java.vm.info", "").contains("sharing") || own != null && !own.isBlank();
            if (needsMaking(archive, executable, javaHome().resolve("lib/modules"), mapped) && Files.isWritable(dirOf(archive))
                    && claim(making(archive))) {
                List<String> command = new ArrayList<>(javaWithOptions());
                command.addAll(List.of("-cp", executable.toString(), ClassArchive.class.getName(), executable.toString(), archive.toString()));
                new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            }
        } catch (IOException | RuntimeException e) {
            // only start-up speed is at stake
        }
    }

    /**
     * Whether to make the archive: missing; older than the executable or the JDK's module image (rebuilt,
     * updated); or a real archive (not the empty marker of a failed attempt) that this JVM did not map.
     */
    static boolean needsMaking(Path archive, Path executable, Path jdkModules, boolean mapped) throws IOException {
        if (!Files.isRegularFile(archive)) {
            return true;
        }
        FileTime made = Files.getLastModifiedTime(archive);
        if (made.compareTo(Files.getLastModifiedTime(executable)) < 0
                || Files.exists(jdkModules) && made.compareTo(Files.getLastModifiedTime(jdkModules)) < 0) {
            return true;
        }
        return Files.size(archive) > 0 && !mapped;
    }

    /**
     * Runs the training with a class list, dumps the archive from it, checks that this JVM maps it,
     * and moves it into place. When that fails, an empty file takes its place, so that morph does not
     * try again until the executable or the JDK changes (the launcher ignores an empty archive).
     * Returns null on success, else what went wrong.
     */
    static String make(Path executable, Path archive) throws IOException, InterruptedException {
        Path dir = dirOf(archive);
        String base = "." + archive.getFileName() + "." + ProcessHandle.current().pid();
        Path classList = dir.resolve(base + ".classlist.tmp");
        Path temp = dir.resolve(base + ".jsa.tmp");
        String cp = executable.toAbsolutePath().toString();
        List<String> java = javaWithOptions();
        try {
            String problem = step(java, "-XX:DumpLoadedClassList=" + classList, "-cp", cp, ArchiveTraining.class.getName());
            if (problem == null) {
                problem = step(java, "-Xshare:dump", "-XX:SharedClassListFile=" + classList, "-XX:SharedArchiveFile=" + temp, "-cp", cp);
            }
            if (problem == null) {
                // -Xshare:on fails instead of running without the archive: proof that it maps
                problem = step(java, "-Xshare:on", "-XX:SharedArchiveFile=" + temp, "-cp", cp, Morph.class.getName(), "--version");
            }
            if (problem != null) {
                Files.write(temp, new byte[0]);
            }
            Files.move(temp, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return problem;
        } finally {
            Files.deleteIfExists(classList);
            Files.deleteIfExists(temp);
        }
    }

    private static String step(List<String> java, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(java);
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(STEP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "timed out: " + String.join(" ", args);
        }
        return p.exitValue() == 0 ? null : "exit code " + p.exitValue() + ": " + String.join(" ", args);
    }

    /**
     * This JVM's {@code java} with the options it was started with, less those about class-data sharing
     * and morph's own properties: an archive is made under the options it will be used with.
     */
    static List<String> javaWithOptions() {
        List<String> out = new ArrayList<>(List.of(javaHome().resolve("bin/java").toString()));
        String[] args = ProcessHandle.current().info().arguments().orElse(new String[0]);
        for (String a : args) {
            if (a.equals("-jar") || a.equals("-cp") || a.equals("-classpath") || a.equals("--class-path") || !a.startsWith("-")) {
                break;
            }
            if (!a.startsWith("-XX:SharedArchiveFile") && !a.startsWith("-Xshare") && !a.startsWith("-XX:DumpLoadedClassList")
                    && !a.startsWith("-XX:SharedClassListFile") && !a.startsWith("-XX:ArchiveClassesAtExit") && !a.startsWith("-Dmorph.")) {
                out.add(a);
            }
        }
        return out;
    }

    /** Creates the marker of a generation under way; false when a live one exists. */
    private static boolean claim(Path marker) throws IOException {
        try {
            Files.createFile(marker);
            return true;
        } catch (FileAlreadyExistsException e) {
            Instant since = Files.getLastModifiedTime(marker).toInstant();
            if (Duration.between(since, Instant.now()).compareTo(STALE_MAKING) < 0) {
                return false;
            }
            Files.deleteIfExists(marker);
            try {
                Files.createFile(marker);
                return true;
            } catch (FileAlreadyExistsException again) {
                return false;
            }
        }
    }

    private static Path making(Path archive) {
        return archive.resolveSibling("." + archive.getFileName() + ".making");
    }

    private static Path dirOf(Path archive) {
        Path parent = archive.toAbsolutePath().getParent();
        return parent == null ? Path.of("/") : parent;
    }

    private static Path javaHome() {
        return Path.of(System.getProperty("java.home"));
    }
}
