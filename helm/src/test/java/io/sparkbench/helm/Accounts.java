package io.sparkbench.helm;

import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/** Service accounts on a real API server: what they may do, and clients that act as them. */
final class Accounts {

  private Accounts() {}

  /**
   * Whether the API server's authorizer lets {@code user} (a service account, {@code
   * system:serviceaccount:<ns>:<name>}) do {@code verb} on {@code resource} (with an optional
   * {@code /subresource}) of {@code group} in {@code namespace} (null: cluster-wide).
   */
  static boolean allowed(
      KubernetesClient admin,
      String user,
      String namespace,
      String verb,
      String group,
      String resource) {
    String[] parts = resource.split("/", 2);
    String accountNamespace = user.split(":")[2];
    return admin
        .authorization()
        .v1()
        .subjectAccessReview()
        .create(
            new SubjectAccessReviewBuilder()
                .withNewSpec()
                .withUser(user)
                .withGroups(
                    "system:serviceaccounts",
                    "system:serviceaccounts:" + accountNamespace,
                    "system:authenticated")
                .withNewResourceAttributes()
                .withNamespace(namespace)
                .withVerb(verb)
                .withGroup(group)
                .withResource(parts[0])
                .withSubresource(parts.length > 1 ? parts[1] : null)
                .endResourceAttributes()
                .endSpec()
                .build())
        .getStatus()
        .getAllowed();
  }

  /** A client that authenticates with a fresh token of the service account, and nothing else. */
  static KubernetesClient clientFor(
      KubernetesClient admin, Config adminConfig, String account, String namespace) {
    String token =
        admin
            .serviceAccounts()
            .inNamespace(namespace)
            .withName(account)
            .tokenRequest(
                new TokenRequestBuilder()
                    .withNewSpec()
                    .withExpirationSeconds(3600L)
                    .endSpec()
                    .build())
            .getStatus()
            .getToken();
    Config config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl(adminConfig.getMasterUrl())
            .withCaCertFile(adminConfig.getCaCertFile())
            .withCaCertData(adminConfig.getCaCertData())
            .withOauthToken(token)
            .withNamespace(namespace)
            .build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }
}
