package dev.morph.exec;

import dev.morph.pipeline.Resources;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The resource totals a run's jobs share. A job starts only when every resource it asks for that has a
 * declared total still fits; a resource without a total is not limited. A request larger than the
 * total is cut to the total (the job then runs alone on that resource) instead of waiting forever.
 * GPUs are handed out as device numbers, so two jobs never get the same GPU.
 */
public final class ResourcePool {
    /** What one job was given: amounts, and GPU device numbers when GPUs are counted. */
    public record Grant(Resources amounts, List<Integer> gpus) {
    }

    private final Resources totals;
    private final Map<String, Long> used = new HashMap<>();
    private final TreeSet<Integer> freeGpus = new TreeSet<>();

    public ResourcePool(Resources totals) {
        this.totals = totals;
        for (int i = 0; i < totals.get(Resources.GPUS); i++) {
            freeGpus.add(i);
        }
    }

    public Resources totals() {
        return totals;
    }

    /** The request as it will be granted: cut to the totals where it exceeds them. */
    public Resources fit(Resources request) {
        Map<String, Long> out = new HashMap<>();
        request.amounts().forEach((k, v) -> out.put(k, totals.amounts().containsKey(k) ? Math.min(v, totals.get(k)) : v));
        return new Resources(out);
    }

    /** Grants the request if it fits now; null otherwise. */
    public synchronized Grant tryAcquire(Resources request) {
        Resources wanted = fit(request);
        for (Map.Entry<String, Long> e : wanted.amounts().entrySet()) {
            if (totals.amounts().containsKey(e.getKey()) && used.getOrDefault(e.getKey(), 0L) + e.getValue() > totals.get(e.getKey())) {
                return null;
            }
        }
        wanted.amounts().forEach((k, v) -> used.merge(k, v, Long::sum));
        List<Integer> gpus = new ArrayList<>();
        if (totals.amounts().containsKey(Resources.GPUS)) {
            for (long i = 0; i < wanted.get(Resources.GPUS); i++) {
                gpus.add(freeGpus.pollFirst());
            }
        }
        return new Grant(wanted, gpus);
    }

    public synchronized void release(Grant grant) {
        grant.amounts().amounts().forEach((k, v) -> used.merge(k, -v, Long::sum));
        freeGpus.addAll(grant.gpus());
    }
}
