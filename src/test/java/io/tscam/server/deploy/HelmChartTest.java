package io.tscam.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import io.tscam.server.deploy.HelmChart.RenderedChart;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * helm/tscam-server through real Helm: strict lint, and the rendered objects checked against the
 * application (ports, health paths, property names, defaults) and the image (user, model path).
 */
class HelmChartTest {

  private static final String GPU = "gpu-values.yaml";
  private static final String FULL = "full-values.yaml";
  private static final String URL = "url-values.yaml";
  private static final String JWT = "jwt-values.yaml";
  private static final String QUEUE = "queue-values.yaml";
  private static final String KEDA = "keda-values.yaml";
  private static final String LABEL = "label-values.yaml";

  private static AppSettings app;
  private static SpringProperties properties;
  private static Dockerfile cpuImage;

  @BeforeAll
  static void read() throws IOException {
    app = AppSettings.read();
    properties = SpringProperties.fromClasspath();
    cpuImage = Dockerfile.read(Path.of("Dockerfile"));
  }

  @Test
  void passesStrictLintWithDefaultValues(@TempDir Path copy) throws IOException {
    assertCleanLint(HelmChart.lintStrict(copy));
  }

  @ParameterizedTest
  @ValueSource(strings = {GPU, FULL, URL, JWT, QUEUE, KEDA, LABEL})
  void passesStrictLintWithTheExampleValues(String values, @TempDir Path copy) throws IOException {
    assertCleanLint(HelmChart.lintStrict(copy, HelmChart.values(values)));
  }

  @Test
  void rendersTheCoreObjectsByDefaultAndNothingOptional() {
    assertThat(HelmChart.render().kinds())
        .containsExactly(
            "ConfigMap", "Deployment", "PodDisruptionBudget", "Service", "ServiceAccount");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", GPU, FULL})
  void probesHitTheApplicationsHealthGroupsOnTheManagementPort(String values) {
    RenderedChart chart = render(values);
    YamlNode container = chart.appContainer();
    YamlNode port = container.get("ports").itemWith("name", "http");
    assertThat(port.get("containerPort").integer()).isEqualTo(app.serverPort());
    YamlNode management = container.get("ports").itemWith("name", "management");
    assertThat(management.get("containerPort").integer()).isEqualTo(app.managementPort());
    for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
      assertThat(container.path(probe + ".httpGet.port").text()).as(probe).isEqualTo("management");
    }
    assertThat(container.path("startupProbe.httpGet.path").text()).isEqualTo(app.livenessPath());
    assertThat(container.path("livenessProbe.httpGet.path").text()).isEqualTo(app.livenessPath());
    assertThat(container.path("readinessProbe.httpGet.path").text()).isEqualTo(app.readinessPath());
    assertThat(
            container.path("startupProbe.failureThreshold").integer()
                * container.path("startupProbe.periodSeconds").integer())
        .as("seconds allowed for model load and warm-up")
        .isGreaterThanOrEqualTo(120);
    assertThat(chart.one("Service").path("spec.ports").items().get(0).get("targetPort").text())
        .isEqualTo("http");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", GPU, FULL, QUEUE})
  void everyEnvironmentVariableBindsToAPropertyOrIsReadByTheImage(String values) {
    RenderedChart chart = render(values);
    String configMap = chart.one("ConfigMap").path("metadata.name").text();
    assertThat(chart.appContainer().get("envFrom").items())
        .extracting(e -> e.path("configMapRef.name").text())
        .containsExactly(configMap);
    Set<String> readByEntrypoint = Set.of("JAVA_OPTS");
    assertThat(cpuImage.runtimeStage().last("ENTRYPOINT").orElseThrow().arguments())
        .contains("$JAVA_OPTS");
    for (String name : chart.appEnvironment().keySet()) {
      assertThat(properties.boundBy(name).isPresent() || readByEntrypoint.contains(name))
          .as("%s binds to a property", name)
          .isTrue();
    }
  }

  @Test
  void defaultConfigurationIsTheApplicationsOwnDefaults() {
    Map<String, String> env = render("").appEnvironment();
    int compared = 0;
    for (Map.Entry<String, String> variable : env.entrySet()) {
      SpringProperties.Property property = properties.boundBy(variable.getKey()).orElse(null);
      // The model folder differs on purpose: the chart points at the package inside the image.
      if (property == null || property.name().equals("tscam.model.dir")) {
        continue;
      }
      String applicationDefault =
          app.configuredValue(property.name()).orElse(property.defaultValue());
      assertThat(variable.getValue()).as(variable.getKey()).isEqualTo(applicationDefault);
      compared++;
    }
    assertThat(compared).as("settings compared").isEqualTo(env.size() - 2);
  }

  @Test
  void servesTheModelBakedIntoTheImageByDefault() {
    RenderedChart chart = render("");
    assertThat(chart.appEnvironment().get("TSCAM_MODEL_DIR"))
        .isEqualTo(cpuImage.runtimeStage().env().get("TSCAM_MODEL_DIR"));
    assertThat(chart.podSpec().get("volumes").items())
        .extracting(v -> v.get("name").text())
        .containsExactly("tmp");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", GPU, FULL})
  void runsNonRootOnAReadOnlyRootFilesystemWithAWritableTmp(String values) {
    RenderedChart chart = render(values);
    YamlNode pod = chart.podSpec().get("securityContext");
    String imageUser = cpuImage.runtimeStage().last("USER").orElseThrow().arguments();
    assertThat(pod.get("runAsNonRoot").value()).isEqualTo(true);
    assertThat(pod.get("runAsUser").text()).isEqualTo(imageUser.split(":")[0]);
    List<YamlNode> containers = chart.podSpec().get("containers").items();
    containers.addAll(chart.podSpec().get("initContainers").items());
    for (YamlNode container : containers) {
      YamlNode security = container.get("securityContext");
      assertThat(security.get("readOnlyRootFilesystem").value()).isEqualTo(true);
      assertThat(security.get("allowPrivilegeEscalation").value()).isEqualTo(false);
      assertThat(security.path("capabilities.drop").items())
          .extracting(YamlNode::text)
          .containsExactly("ALL");
    }
    YamlNode tmp = chart.podSpec().get("volumes").itemWith("name", "tmp");
    assertThat(tmp.get("emptyDir").exists()).isTrue();
    assertThat(
            chart
                .appContainer()
                .get("volumeMounts")
                .itemWith("name", "tmp")
                .get("mountPath")
                .text())
        .isEqualTo("/tmp");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", GPU, FULL})
  void setsResourceRequestsAndLimits(String values) {
    YamlNode resources = render(values).appContainer().get("resources");
    assertThat(resources.path("requests.cpu").exists()).isTrue();
    assertThat(resources.path("requests.memory").exists()).isTrue();
    assertThat(resources.path("limits.memory").exists()).isTrue();
  }

  @Test
  void gpuValuesAddTheGpuLimitTheCudaImageAndGpuScheduling() {
    RenderedChart chart = render(GPU);
    YamlNode container = chart.appContainer();
    assertThat(container.path("resources.limits").get("nvidia.com/gpu").integer()).isEqualTo(1);
    assertThat(container.get("image").text()).isEqualTo("tscam-server:0.1.0-cuda");
    assertThat(chart.appEnvironment()).containsEntry("TSCAM_DEVICE", "cuda");
    assertThat(chart.podSpec().get("nodeSelector").get("nvidia.com/gpu.present").text())
        .isEqualTo("true");
    assertThat(chart.podSpec().get("tolerations").items())
        .anyMatch(t -> "nvidia.com/gpu".equals(t.get("key").text()));
    YamlNode cpu = render("").appContainer();
    assertThat(cpu.path("resources.limits").get("nvidia.com/gpu").exists()).isFalse();
    assertThat(cpu.get("image").text()).isEqualTo("tscam-server:0.1.0");
    assertThat(render("").podSpec().get("nodeSelector").exists()).isFalse();
  }

  @Test
  void initContainerFillsTheModelFolderTheApplicationReads() {
    RenderedChart chart = render(GPU);
    String modelDir = chart.appEnvironment().get("TSCAM_MODEL_DIR");
    YamlNode init = chart.podSpec().get("initContainers").items().get(0);
    assertThat(init.get("env").itemWith("name", "MODEL_DIR").get("value").text())
        .isEqualTo(modelDir);
    assertThat(init.get("volumeMounts").itemWith("name", "model").get("mountPath").text())
        .isEqualTo(modelDir);
    YamlNode appMount = chart.appContainer().get("volumeMounts").itemWith("name", "model");
    assertThat(appMount.get("mountPath").text()).isEqualTo(modelDir);
    assertThat(appMount.get("readOnly").value()).isEqualTo(true);
    assertThat(chart.podSpec().get("volumes").itemWith("name", "model").get("emptyDir").exists())
        .isTrue();
  }

  @Test
  void fullValuesServeAModelFromAClaimBehindIngressWithAutoscaling() {
    RenderedChart chart = render(FULL);
    assertThat(chart.kinds())
        .contains("Ingress", "HorizontalPodAutoscaler", "ServiceMonitor", "PodDisruptionBudget");
    YamlNode claim = chart.podSpec().get("volumes").itemWith("name", "model");
    assertThat(claim.path("persistentVolumeClaim.claimName").text()).isEqualTo("tscam-models");
    YamlNode mount = chart.appContainer().get("volumeMounts").itemWith("name", "model");
    assertThat(mount.get("subPath").text()).isEqualTo("cub");
    assertThat(mount.get("mountPath").text())
        .isEqualTo(chart.appEnvironment().get("TSCAM_MODEL_DIR"));

    String deployment = chart.one("Deployment").path("metadata.name").text();
    String service = chart.one("Service").path("metadata.name").text();
    assertThat(chart.one("Deployment").path("spec.replicas").exists())
        .as("the autoscaler owns the replica count")
        .isFalse();
    assertThat(chart.one("HorizontalPodAutoscaler").path("spec.scaleTargetRef.name").text())
        .isEqualTo(deployment);
    YamlNode backend =
        chart
            .one("Ingress")
            .path("spec.rules")
            .items()
            .get(0)
            .path("http.paths")
            .items()
            .get(0)
            .path("backend.service");
    assertThat(backend.get("name").text()).isEqualTo(service);
    assertThat(backend.path("port.name").text()).isEqualTo("http");
    YamlNode endpoint = chart.one("ServiceMonitor").path("spec.endpoints").items().get(0);
    assertThat(endpoint.get("path").text()).isEqualTo(app.prometheusPath());
    assertThat(endpoint.get("port").text()).isEqualTo("management");
  }

  @Test
  void selectorsMatchThePodsTheyMeanToSelect() {
    RenderedChart chart = render(FULL);
    Map<String, YamlNode> podLabels =
        chart.one("Deployment").path("spec.template.metadata.labels").entries();
    List<YamlNode> selectors =
        List.of(
            chart.one("Deployment").path("spec.selector.matchLabels"),
            chart.one("Service").path("spec.selector"),
            chart.one("PodDisruptionBudget").path("spec.selector.matchLabels"));
    for (YamlNode selector : selectors) {
      assertThat(selector.entries()).isNotEmpty();
      selector.entries().forEach((k, v) -> assertThat(podLabels.get(k).text()).isEqualTo(v.text()));
    }
  }

  @Test
  void anIngressWithoutAuthenticationRendersOnlyWhenAllowedExplicitly() {
    assertThat(HelmChart.renderFailure(Map.of("ingress.enabled", "true")))
        .hasMessageContaining("ingress.enabled=true with auth.mode=none")
        .hasMessageContaining("auth.allowAnonymous=true");

    RenderedChart open =
        HelmChart.render(Map.of("ingress.enabled", "true", "auth.allowAnonymous", "true"));
    assertThat(open.kinds()).contains("Ingress");
    assertThat(open.appEnvironment()).containsEntry("TSCAM_SECURITY_MODE", "none");
  }

  @Test
  void apiKeysComeFromTheSecretMountedAsAFolderSoThatRotationReachesThePod() {
    assertThat(HelmChart.renderFailure(Map.of("auth.mode", "api-key")))
        .hasMessageContaining("auth.existingSecret");
    RenderedChart chart = render(FULL);
    Map<String, String> env = chart.appEnvironment();
    assertThat(env).containsEntry("TSCAM_SECURITY_MODE", "api-key");

    YamlNode volume = chart.podSpec().get("volumes").itemWith("name", "api-keys");
    assertThat(volume.path("secret.secretName").text()).isEqualTo("tscam-api-keys");
    YamlNode mount = chart.appContainer().get("volumeMounts").itemWith("name", "api-keys");
    assertThat(mount.get("subPath").exists()).as("a subPath mount never sees updates").isFalse();
    assertThat(mount.get("readOnly").value()).isEqualTo(true);
    assertThat(env.get("TSCAM_SECURITY_API_KEYS_FILE"))
        .isEqualTo(mount.get("mountPath").text() + "/api-keys");
    assertThat(env).containsEntry("TSCAM_CORS_ALLOWED_ORIGINS", "https://app.example.com");
  }

  @Test
  void jwtModeNamesTheIssuerAndTheAudienceAndNeedsBoth() {
    Map<String, String> env = render(JWT).appEnvironment();
    assertThat(env)
        .containsEntry("TSCAM_SECURITY_MODE", "jwt")
        .containsEntry("TSCAM_SECURITY_JWT_AUDIENCE", "tscam-api")
        .containsEntry(
            "SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUER_URI",
            "https://idp.example.com/realms/vision");

    assertThat(HelmChart.renderFailure(Map.of("auth.mode", "jwt", "auth.jwt.audience", "api")))
        .hasMessageContaining("auth.jwt.issuerUri or auth.jwt.jwkSetUri");
    assertThat(
            HelmChart.renderFailure(
                Map.of("auth.mode", "jwt", "auth.jwt.jwkSetUri", "https://idp/jwks")))
        .hasMessageContaining("auth.jwt.audience");
  }

  @Test
  void theNetworkPolicyAdmitsTheApiFromAnywhereAndTheManagementPortOnlyFromMonitoring() {
    assertThat(render("").kinds()).doesNotContain("NetworkPolicy");
    RenderedChart chart = render(FULL);
    YamlNode policy = chart.one("NetworkPolicy");
    assertThat(policy.path("spec.podSelector.matchLabels").entries().keySet())
        .isNotEmpty()
        .allSatisfy(
            label ->
                assertThat(
                        chart
                            .one("Deployment")
                            .path("spec.template.metadata.labels")
                            .get(label)
                            .text())
                    .isEqualTo(policy.path("spec.podSelector.matchLabels").get(label).text()));
    List<YamlNode> rules = policy.path("spec.ingress").items();
    assertThat(rules).hasSize(2);
    YamlNode api = rules.get(0);
    assertThat(api.get("ports").items().get(0).get("port").text()).isEqualTo("http");
    assertThat(api.get("from").exists()).as("the API from anywhere").isFalse();
    YamlNode management = rules.get(1);
    assertThat(management.get("ports").items().get(0).get("port").text()).isEqualTo("management");
    assertThat(
            management
                .get("from")
                .items()
                .get(0)
                .path("namespaceSelector.matchLabels")
                .get("kubernetes.io/metadata.name")
                .text())
        .isEqualTo("monitoring");
  }

  @Test
  void rejectsAnUnknownModelSourceOrAClaimWithoutAName() {
    assertThat(HelmChart.renderFailure(Map.of("model.source", "s3")))
        .hasMessageContaining("model.source must be image, pvc or initContainer");
    assertThat(HelmChart.renderFailure(Map.of("model.source", "pvc")))
        .hasMessageContaining("model.pvc.claimName");
  }

  @Test
  void aUrlSourceFetchesIntoAWritableEmptyDirCacheWithTheChecksumPinned() {
    RenderedChart chart = render(URL);
    Map<String, String> env = chart.appEnvironment();
    assertThat(env)
        .containsEntry(
            "TSCAM_MODEL_URL",
            "http://minio.storage.svc.cluster.local:9000/models/ts-cam-deit-small-cub.tar.gz")
        .containsKey("TSCAM_MODEL_SHA256")
        .doesNotContainKey("TSCAM_MODEL_DIR");
    assertThat(properties.boundBy("TSCAM_MODEL_URL")).isPresent();
    assertThat(properties.boundBy("TSCAM_MODEL_CACHE_DIR")).isPresent();
    assertThat(properties.boundBy("TSCAM_MODEL_SHA256")).isPresent();
    YamlNode mount = chart.appContainer().get("volumeMounts").itemWith("name", "model");
    assertThat(mount.get("mountPath").text()).isEqualTo(env.get("TSCAM_MODEL_CACHE_DIR"));
    assertThat(mount.get("readOnly").value()).isEqualTo(false);
    assertThat(chart.podSpec().get("volumes").itemWith("name", "model").get("emptyDir").exists())
        .isTrue();
  }

  @Test
  void aUrlSourceKeepsItsCacheOnTheClaimWhenOneIsNamed() {
    RenderedChart chart =
        HelmChart.render(HelmChart.values(URL), HelmChart.values(FULL), HelmChart.values(URL));
    YamlNode claim = chart.podSpec().get("volumes").itemWith("name", "model");
    assertThat(claim.path("persistentVolumeClaim.claimName").text()).isEqualTo("tscam-models");
    assertThat(claim.path("persistentVolumeClaim.readOnly").value()).isEqualTo(false);
    assertThat(
            chart
                .appContainer()
                .get("volumeMounts")
                .itemWith("name", "model")
                .get("readOnly")
                .value())
        .isEqualTo(false);
  }

  @Test
  void theAutoscalerScalesOnCpuUnlessToldOtherwise() {
    RenderedChart chart = render(FULL);
    assertThat(chart.kinds()).doesNotContain("ScaledObject");
    YamlNode metric = chart.one("HorizontalPodAutoscaler").path("spec.metrics").items().get(0);
    assertThat(metric.get("type").text()).isEqualTo("Resource");
    assertThat(metric.path("resource.name").text()).isEqualTo("cpu");
    assertThat(metric.path("resource.target.averageUtilization").integer()).isEqualTo(70);
  }

  @Test
  void onTheQueueWithoutKedaTheHpaReadsThePodsQueueDepthFromThePrometheusAdapter() {
    RenderedChart chart = render(QUEUE);
    assertThat(chart.kinds()).contains("HorizontalPodAutoscaler").doesNotContain("ScaledObject");
    YamlNode hpa = chart.one("HorizontalPodAutoscaler");
    assertThat(hpa.path("spec.scaleTargetRef.name").text())
        .isEqualTo(chart.one("Deployment").path("metadata.name").text());
    assertThat(hpa.path("spec.metrics").items()).hasSize(1);
    YamlNode metric = hpa.path("spec.metrics").items().get(0);
    assertThat(metric.get("type").text()).isEqualTo("Pods");
    String name = metric.path("pods.metric.name").text();
    assertThat(MetricCatalog.ofTheApplication().contains(name)).as(name).isTrue();
    assertThat(name).isEqualTo("tscam_queue_depth");
    assertThat(metric.path("pods.target.type").text()).isEqualTo("AverageValue");
    assertThat(metric.path("pods.target.averageValue").text()).isEqualTo("12");
  }

  @Test
  void withKedaAScaledObjectOwnsThePodCountThroughAPrometheusTriggerOnTheQueue() {
    RenderedChart chart = render(KEDA);
    assertThat(chart.kinds()).contains("ScaledObject").doesNotContain("HorizontalPodAutoscaler");
    assertThat(chart.one("Deployment").path("spec.replicas").exists()).isFalse();
    YamlNode scaled = chart.one("ScaledObject");
    assertThat(scaled.get("apiVersion").text()).isEqualTo("keda.sh/v1alpha1");
    assertThat(scaled.path("spec.scaleTargetRef.name").text())
        .isEqualTo(chart.one("Deployment").path("metadata.name").text());
    assertThat(scaled.path("spec.minReplicaCount").integer()).isEqualTo(1);
    assertThat(scaled.path("spec.maxReplicaCount").integer()).isEqualTo(8);
    YamlNode trigger = scaled.path("spec.triggers").items().get(0);
    assertThat(trigger.get("type").text()).isEqualTo("prometheus");
    assertThat(trigger.get("metricType").text()).isEqualTo("AverageValue");
    assertThat(trigger.path("metadata.threshold").text()).isEqualTo("8");
    assertThat(trigger.path("metadata.serverAddress").text())
        .isEqualTo("http://prometheus-operated.monitoring.svc:9090");

    PromQlExpression query = new PromQlExpression(trigger.path("metadata.query").text());
    assertThat(query.isBalanced()).isTrue();
    assertThat(query.metricNames()).containsExactly("tscam_queue_depth");
    assertThat(trigger.path("metadata.query").text())
        .contains("service=\"" + chart.one("Service").path("metadata.name").text() + "\"")
        .startsWith("sum(");
  }

  @Test
  void rejectsAnUnknownMetricAndKedaOnCpu() {
    assertThat(HelmChart.renderFailure(Map.of("autoscaling.metric", "gpu")))
        .hasMessageContaining("autoscaling.metric must be cpu or queue");
    assertThat(HelmChart.renderFailure(Map.of("autoscaling.keda.enabled", "true")))
        .hasMessageContaining("set autoscaling.metric=queue");
  }

  @Test
  void structuredLogsTracingAndTheRequiredScopeAreSetOnlyWhenAsked() {
    Map<String, String> env = render(QUEUE).appEnvironment();
    assertThat(env)
        .containsEntry("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs")
        .containsEntry("TSCAM_SECURITY_JWT_REQUIRED_SCOPE", "tscam.localize")
        .containsEntry(
            "MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT",
            "http://otel-collector.monitoring:4318/v1/traces")
        .containsEntry("MANAGEMENT_TRACING_SAMPLING_PROBABILITY", "0.05");
    assertThat(render("").appEnvironment())
        .doesNotContainKeys(
            "LOGGING_STRUCTURED_FORMAT_CONSOLE",
            "TSCAM_SECURITY_JWT_REQUIRED_SCOPE",
            "MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT",
            "MANAGEMENT_TRACING_SAMPLING_PROBABILITY");
  }

  @Test
  void aUrlNeedsTheUrlSourceAndTheUrlSourceAUrl() {
    assertThat(HelmChart.renderFailure(Map.of("model.source", "url")))
        .hasMessageContaining("model.source=url needs model.url");
    assertThat(HelmChart.renderFailure(Map.of("model.url", "http://store/m.zip")))
        .hasMessageContaining("model.url is only read with model.source=url");
  }

  @Test
  void theLabelJobRendersFromItsSwitchAloneAsAnIndexedJobOfTheServersImageAndSettings() {
    RenderedChart chart = HelmChart.render(Map.of("labelJob.enabled", "true"));
    YamlNode job = labelJob(chart, "-label");
    assertThat(job.get("apiVersion").text()).isEqualTo("batch/v1");
    YamlNode spec = job.get("spec");
    assertThat(spec.get("completionMode").text()).isEqualTo("Indexed");
    assertThat(spec.get("completions").integer()).isEqualTo(4);
    assertThat(spec.get("parallelism").integer()).isEqualTo(4);
    assertThat(spec.get("backoffLimitPerIndex").integer()).isEqualTo(3);
    YamlNode pod = spec.path("template.spec");
    assertThat(pod.get("restartPolicy").text())
        .as("backoffLimitPerIndex needs Never")
        .isEqualTo("Never");
    YamlNode container = pod.get("containers").items().get(0);
    assertThat(container.get("image").text()).isEqualTo(chart.appContainer().get("image").text());
    assertThat(container.get("args").items())
        .extracting(YamlNode::text)
        .containsExactly(
            "label", "--images", "/data/input", "--out", "/data/output", "--shard-count", "4");
    assertThat(container.get("envFrom").items())
        .extracting(e -> e.path("configMapRef.name").text())
        .containsExactly(chart.one("ConfigMap").path("metadata.name").text());
    assertThat(container.path("resources.requests.cpu").exists()).isTrue();
    assertThat(container.path("resources.requests.memory").exists()).isTrue();

    YamlNode input = pod.get("volumes").itemWith("name", "input");
    assertThat(input.path("persistentVolumeClaim.claimName").text()).isEqualTo("tscam-dataset");
    assertThat(input.path("persistentVolumeClaim.readOnly").value()).isEqualTo(true);
    YamlNode inputMount = container.get("volumeMounts").itemWith("name", "input");
    assertThat(inputMount.get("mountPath").text()).isEqualTo("/data/input");
    assertThat(inputMount.get("readOnly").value()).isEqualTo(true);
    YamlNode output = pod.get("volumes").itemWith("name", "output");
    assertThat(output.path("persistentVolumeClaim.claimName").text()).isEqualTo("tscam-labels");
    YamlNode outputMount = container.get("volumeMounts").itemWith("name", "output");
    assertThat(outputMount.get("mountPath").text()).isEqualTo("/data/output");
    assertThat(outputMount.get("readOnly").exists()).isFalse();
    assertThat(container.get("volumeMounts").itemWith("name", "tmp").get("mountPath").text())
        .isEqualTo("/tmp");
  }

  @Test
  void theLabelJobsPodsAreNeverSelectedAsServerPods() {
    RenderedChart chart = HelmChart.render(HelmChart.values(FULL), HelmChart.values(LABEL));
    for (String suffix : List.of("-label", "-label-merge")) {
      Map<String, YamlNode> podLabels =
          labelJob(chart, suffix).path("spec.template.metadata.labels").entries();
      for (YamlNode selector :
          List.of(
              chart.one("Service").path("spec.selector"),
              chart.one("PodDisruptionBudget").path("spec.selector.matchLabels"),
              chart.one("NetworkPolicy").path("spec.podSelector.matchLabels"))) {
        assertThat(
                selector.entries().entrySet().stream()
                    .allMatch(
                        e ->
                            podLabels.containsKey(e.getKey())
                                && podLabels.get(e.getKey()).text().equals(e.getValue().text())))
            .as("%s pods matched by %s", suffix, selector.entries().keySet())
            .isFalse();
      }
    }
  }

  @Test
  void onGpusTheLabelJobGetsTheGpuTheCudaImageAndTheModelByUrlLikeTheServer() {
    RenderedChart chart = render(LABEL);
    YamlNode pod = labelJob(chart, "-label").path("spec.template.spec");
    YamlNode container = pod.get("containers").items().get(0);
    assertThat(container.path("resources.limits").get("nvidia.com/gpu").integer()).isEqualTo(1);
    assertThat(container.get("image").text()).isEqualTo("tscam-server:0.1.0-cuda");
    assertThat(pod.get("nodeSelector").get("nvidia.com/gpu.present").text()).isEqualTo("true");
    assertThat(chart.appEnvironment()).containsKey("TSCAM_MODEL_URL");
    YamlNode modelMount = container.get("volumeMounts").itemWith("name", "model");
    assertThat(modelMount.get("mountPath").text())
        .isEqualTo(chart.appEnvironment().get("TSCAM_MODEL_CACHE_DIR"));
    assertThat(pod.get("volumes").itemWith("name", "model").get("emptyDir").exists()).isTrue();
    assertThat(container.get("args").items())
        .extracting(YamlNode::text)
        .containsSubsequence("--shard-count", "16", "--classes", "folders", "--masks");
    assertThat(labelJob(chart, "-label").path("spec.completions").integer()).isEqualTo(16);
    assertThat(
            pod.get("volumes")
                .itemWith("name", "input")
                .path("persistentVolumeClaim.claimName")
                .text())
        .isEqualTo("cub-images");
    assertThat(container.get("volumeMounts").itemWith("name", "input").get("subPath").text())
        .isEqualTo("CUB_200_2011/images");
  }

  @Test
  void theMergeJobRunsLabelMergeOnTheOutputClaimOnceAskedFor() {
    assertThat(HelmChart.render(Map.of("labelJob.enabled", "true")).kinds())
        .containsOnlyOnce("Job");
    RenderedChart chart = render(LABEL);
    YamlNode pod = labelJob(chart, "-label-merge").path("spec.template.spec");
    YamlNode container = pod.get("containers").items().get(0);
    assertThat(container.get("args").items())
        .extracting(YamlNode::text)
        .containsExactly("label", "merge", "--out", "/data/output");
    assertThat(
            pod.get("volumes")
                .itemWith("name", "output")
                .path("persistentVolumeClaim.claimName")
                .text())
        .isEqualTo("cub-pseudo-labels");
    assertThat(container.get("volumeMounts").itemWith("name", "output").get("mountPath").text())
        .isEqualTo("/data/output");
  }

  @Test
  void aPvcModelIsMountedReadOnlyInTheLabelJobAsInTheServer() {
    RenderedChart chart =
        HelmChart.render(
            Map.of(
                "labelJob.enabled", "true",
                "model.source", "pvc",
                "model.pvc.claimName", "tscam-models"));
    YamlNode pod = labelJob(chart, "-label").path("spec.template.spec");
    YamlNode claim = pod.get("volumes").itemWith("name", "model");
    assertThat(claim.path("persistentVolumeClaim.claimName").text()).isEqualTo("tscam-models");
    assertThat(claim.path("persistentVolumeClaim.readOnly").value()).isEqualTo(true);
    assertThat(
            pod.get("containers")
                .items()
                .get(0)
                .get("volumeMounts")
                .itemWith("name", "model")
                .get("mountPath")
                .text())
        .isEqualTo(chart.appEnvironment().get("TSCAM_MODEL_DIR"));
  }

  private static YamlNode labelJob(RenderedChart chart, String suffix) {
    return chart.objects().stream()
        .filter(o -> "Job".equals(o.get("kind").text()))
        .filter(o -> o.path("metadata.name").text().equals("demo-tscam-server" + suffix))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no Job *" + suffix + " in " + chart.kinds()));
  }

  private static RenderedChart render(String values) {
    return values.isEmpty() ? HelmChart.render() : HelmChart.render(HelmChart.values(values));
  }

  private static void assertCleanLint(LintResult result) {
    assertThat(result.getMessages())
        .as("lint messages")
        .noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
    assertThat(result.isFailed()).as("%s", result.getMessages()).isFalse();
  }
}
