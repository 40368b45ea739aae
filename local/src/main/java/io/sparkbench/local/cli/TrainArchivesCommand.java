package io.sparkbench.local.cli;

import io.sparkbench.app.fs.Folders;
import io.sparkbench.common.cli.HelpOption;
import io.sparkbench.common.cli.OneLineErrors;
import io.sparkbench.local.ArchiveTraining;
import io.sparkbench.local.LocalCluster;
import io.sparkbench.local.kubelet.ProcessKubelet;
import io.sparkbench.operator.OperatorConfig;
import io.sparkbench.operator.OperatorMain;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code train-archives}: what {@code mvn package} runs on the packaged {@code sparkbench.jar} so
 * that no {@code local} run trains first. When the local cluster's driver or executor JVMs of this
 * class path and JVM have no class-data-sharing archive, it starts the cluster and the operator in
 * a work dir of its own and runs {@link ArchiveTraining}'s benchmark, which leaves the archives in
 * {@code cds/} beside the jar; otherwise it does nothing.
 */
@Command(
    name = "train-archives",
    hidden = true,
    description = {
      "Trains the class-data-sharing archives of the local cluster's driver and executor JVMs"
          + " (mvn package runs it); does nothing when they exist.",
      "Exits 0 when the archives exist afterwards, 1 when the training run left none."
    })
public final class TrainArchivesCommand implements Callable<Integer> {

  private static final Duration TIMEOUT = Duration.ofMinutes(10);

  private final PrintStream out;
  private final PrintStream err;

  @CommandLine.Mixin private HelpOption help;

  @Option(
      names = "--work-dir",
      required = true,
      description =
          "The training cluster's folder; deleted when the training succeeded and kept the"
              + " archives beside the jar.")
  Path workDir;

  TrainArchivesCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /** This command for picocli, printing to its streams; bad input is one line and exit code 2. */
  CommandLine commandLine() {
    return OneLineErrors.commandLine(this, out, err);
  }

  @Override
  public Integer call() throws IOException {
    Path work = workDir.toAbsolutePath().normalize();
    if (ProcessKubelet.archivesToWrite(work.resolve("pods")).isEmpty()) {
      return 0;
    }
    boolean trained;
    boolean keptInWorkDir;
    try (LocalCluster cluster = LocalCluster.start(work);
        OperatorMain.Running operator =
            OperatorMain.start(cluster.client(), OperatorConfig.builder().httpPort(-1).build())) {
      trained =
          ArchiveTraining.trainIfNeeded(cluster, TIMEOUT, out::println)
              && cluster.kubelet().archivesToWrite().isEmpty();
      // Beside the jar unless that folder cannot be written: then only this work dir has them.
      keptInWorkDir = cluster.kubelet().archiveDir().startsWith(work);
    }
    if (!trained) {
      err.println(
          "error: the class-data-sharing training run left no archive (its pods' logs are in "
              + work.resolve("pods")
              + "); -Dsparkbench.cds.skip=true packages without it");
      return 1;
    }
    if (!keptInWorkDir) {
      Folders.deleteRecursively(work);
    }
    return 0;
  }
}
