package io.sparkbench.local;

import java.io.IOException;
import org.junit.jupiter.api.BeforeAll;

/** {@link FaultRecoveryContract} on the embedded local cluster (mock API server). */
class FaultRecoveryIT extends FaultRecoveryContract {

  @BeforeAll
  void startEmbedded() throws IOException {
    begin(LocalCluster::start, cluster -> LocalCluster.NAMESPACE);
  }
}
