package io.sparkbench.api.run;

import io.sparkbench.api.result.BenchmarkResult;
import io.sparkbench.api.v1.ScalingBenchmarkStatus;
import io.sparkbench.api.v1.ScalingBenchmarkStatus.RunResult;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * What a run measures, once: the stages, the parts of its timeline, where its CPU went and the
 * roles whose memory peaks are kept, each with its name in the status, its unit and how to read it
 * from the driver's result and from a status entry. The status, the metrics, the results page,
 * {@code local}'s table and the reports iterate these instead of naming the fields again.
 */
public final class Measures {

  private Measures() {}

  /** The pipeline's stages, in order; their seconds add up to a run's duration. */
  public enum Stage {
    STARTUP("startup", "JVM start until the Spark session is ready"),
    GENERATE("generate", "generating the landing data"),
    BRONZE("bronze", "landing data to the bronze table"),
    SILVER("silver", "validation, de-duplication and enrichment to silver"),
    GOLD("gold", "aggregates to the gold tables");

    /** The field name in the status and the label on pages, metrics and tables. */
    public final String key;

    public final String description;

    Stage(String key, String description) {
      this.key = key;
      this.description = description;
    }

    /** Seconds of this stage in the driver's result. */
    public double of(BenchmarkResult.StageSeconds stages) {
      return switch (this) {
        case STARTUP -> stages.startup();
        case GENERATE -> stages.generate();
        case BRONZE -> stages.bronze();
        case SILVER -> stages.silver();
        case GOLD -> stages.gold();
      };
    }

    /** Seconds of this stage in a status entry, or null where it has none. */
    public Double of(RunResult result) {
      ScalingBenchmarkStatus.Stages s = result.stages;
      if (s == null) {
        return null;
      }
      return switch (this) {
        case STARTUP -> s.startup;
        case GENERATE -> s.generate;
        case BRONZE -> s.bronze;
        case SILVER -> s.silver;
        case GOLD -> s.gold;
      };
    }

    /** Sets this stage's seconds in a status entry's stages. */
    public void set(ScalingBenchmarkStatus.Stages s, Double seconds) {
      switch (this) {
        case STARTUP -> s.startup = seconds;
        case GENERATE -> s.generate = seconds;
        case BRONZE -> s.bronze = seconds;
        case SILVER -> s.silver = seconds;
        case GOLD -> s.gold = seconds;
      }
    }
  }

  /**
   * The parts of a run's timeline, in order, in seconds; {@link #RUN} is the run's duration, which
   * its {@link Stage stages} split further.
   */
  public enum TimelinePart {
    QUEUED("queued", "waiting for a slot, until the driver pod was created", t -> t.queued),
    SCHEDULING("scheduling", "driver pod created until bound to a node", t -> t.scheduling),
    CONTAINER_START(
        "containerStart",
        "bound until the container started (image, sandbox)",
        t -> t.containerStart),
    JVM_START("jvmStart", "container started until the driver JVM started", t -> t.jvmStart),
    RUN("run", "the run's duration: JVM start to the end of gold", t -> t.run),
    DRIVER_EXIT("driverExit", "end of gold until the driver container exited", t -> t.driverExit),
    RECORDING("recording", "driver exit until the operator recorded the result", t -> t.recording);

    public final String key;
    public final String description;
    private final Function<ScalingBenchmarkStatus.Timeline, Double> read;

    TimelinePart(
        String key, String description, Function<ScalingBenchmarkStatus.Timeline, Double> read) {
      this.key = key;
      this.description = description;
      this.read = read;
    }

    /** Seconds of this part in a status entry, or null where it has no timeline. */
    public Double of(RunResult result) {
      return result.timeline == null ? null : read.apply(result.timeline);
    }
  }

  /** Where a run's CPU seconds went, as the status keeps them. */
  public enum CpuPart {
    TASKS("tasks", "all Spark tasks", c -> c.tasks, (c, v) -> c.tasks = v),
    DRIVER("driver", "the driver JVM, all its threads", c -> c.driver, (c, v) -> c.driver = v),
    DRIVER_JIT(
        "driverJit", "the driver's JIT compilers", c -> c.driverJit, (c, v) -> c.driverJit = v),
    DRIVER_GC(
        "driverGc", "the driver's garbage collectors", c -> c.driverGc, (c, v) -> c.driverGc = v),
    EXECUTORS(
        "executors",
        "the executor JVMs, all their threads",
        c -> c.executors,
        (c, v) -> c.executors = v),
    EXECUTORS_JIT(
        "executorsJit",
        "the executors' JIT compilers",
        c -> c.executorsJit,
        (c, v) -> c.executorsJit = v),
    EXECUTORS_GC(
        "executorsGc",
        "the executors' garbage collectors",
        c -> c.executorsGc,
        (c, v) -> c.executorsGc = v);

    public final String key;
    public final String description;
    private final Function<ScalingBenchmarkStatus.CpuSeconds, Double> read;
    private final BiConsumer<ScalingBenchmarkStatus.CpuSeconds, Double> write;

    CpuPart(
        String key,
        String description,
        Function<ScalingBenchmarkStatus.CpuSeconds, Double> read,
        BiConsumer<ScalingBenchmarkStatus.CpuSeconds, Double> write) {
      this.key = key;
      this.description = description;
      this.read = read;
      this.write = write;
    }

    /** Seconds in the driver's result, or null where it was not measured. */
    public Double of(BenchmarkResult.Cpu cpu) {
      return switch (this) {
        case TASKS -> cpu.taskSeconds();
        case DRIVER -> cpu.processSeconds();
        case DRIVER_JIT -> cpu.jitSeconds();
        case DRIVER_GC -> cpu.gcSeconds();
        case EXECUTORS -> cpu.executorProcessSeconds();
        case EXECUTORS_JIT -> cpu.executorJitSeconds();
        case EXECUTORS_GC -> cpu.executorGcSeconds();
      };
    }

    /** Seconds in a status entry, or null. */
    public Double of(RunResult result) {
      return result.cpuSeconds == null ? null : read.apply(result.cpuSeconds);
    }

    public void set(ScalingBenchmarkStatus.CpuSeconds cpu, Double seconds) {
      write.accept(cpu, seconds);
    }
  }

  /** The roles whose peak resident memory (MiB) a run keeps. */
  public enum MemoryRole {
    DRIVER("driver"),
    EXECUTOR("executor");

    public final String key;

    MemoryRole(String key) {
      this.key = key;
    }

    /** The role's peak in the driver's result, or null. */
    public BenchmarkResult.Peak of(BenchmarkResult.Memory memory) {
      return this == DRIVER ? memory.driver() : memory.executor();
    }

    /** The role's peak RSS in MiB in a status entry, or null. */
    public Long of(RunResult result) {
      ScalingBenchmarkStatus.PeakMemory m = result.peakMemoryMiB;
      if (m == null) {
        return null;
      }
      return this == DRIVER ? m.driver : m.executor;
    }

    public void set(ScalingBenchmarkStatus.PeakMemory memory, Long mib) {
      if (this == DRIVER) {
        memory.driver = mib;
      } else {
        memory.executor = mib;
      }
    }
  }
}
