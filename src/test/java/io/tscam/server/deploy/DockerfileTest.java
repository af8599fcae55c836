package io.tscam.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.tscam.server.deploy.Dockerfile.Copy;
import io.tscam.server.deploy.Dockerfile.Instruction;
import io.tscam.server.deploy.Dockerfile.Stage;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The CPU and CUDA Dockerfiles, checked against the application and the repository. */
class DockerfileTest {

  private static final Pattern URL = Pattern.compile("https?://\\S+");

  /** Variables that locate the JVM itself; not application settings. */
  /** Read by the process itself rather than by the app: where Java is, and glibc's malloc. */
  private static final Set<String> READ_BY_THE_RUNTIME =
      Set.of("JAVA_HOME", "PATH", "MALLOC_ARENA_MAX");

  /** Spring Boot's default layer names, in the order the layertools documentation copies them. */
  private static final List<String> BOOT_LAYERS =
      List.of("dependencies", "spring-boot-loader", "snapshot-dependencies", "application");

  private static AppSettings app;
  private static SpringProperties properties;

  @BeforeAll
  static void readApplication() throws IOException {
    app = AppSettings.read();
    properties = SpringProperties.fromClasspath();
  }

  @ParameterizedTest
  @ValueSource(strings = {"Dockerfile", "Dockerfile.cuda"})
  void buildsWithMavenThenRunsOnAJreOnlyImage(String file) throws IOException {
    Dockerfile dockerfile = Dockerfile.read(Path.of(file));
    Stage build = dockerfile.stage("build").orElseThrow();
    assertThat(build.baseImage()).startsWith("maven:").contains("eclipse-temurin-17");
    assertThat(build.all("RUN")).anyMatch(run -> run.arguments().contains("mvn -B -ntp package"));
    assertThat(dockerfile.runtimeStage().all("RUN"))
        .as("the runtime stage installs no build tool")
        .noneMatch(run -> run.arguments().matches(".*\\b(mvn|maven|python3?|pip)\\b.*"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Dockerfile", "Dockerfile.cuda"})
  void copiesSpringBootLayersSeparatelyAndLaunchesThem(String file) throws IOException {
    Dockerfile dockerfile = Dockerfile.read(Path.of(file));
    assertThat(dockerfile.stage("build").orElseThrow().all("RUN"))
        .anyMatch(
            run ->
                run.arguments().contains("-Djarmode=tools")
                    && run.arguments().contains("extract --layers --launcher"));
    List<String> copiedLayers =
        dockerfile.runtimeStage().copies().stream()
            .filter(copy -> copy.from().equals("build"))
            .map(copy -> Path.of(copy.sources().get(0)).getFileName().toString())
            .toList();
    assertThat(copiedLayers).as("least-changing layer first").isEqualTo(BOOT_LAYERS);
    assertThat(entrypoint(dockerfile))
        .contains("org.springframework.boot.loader.launch.JarLauncher");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Dockerfile", "Dockerfile.cuda"})
  void exposesTheServerAndManagementPorts(String file) throws IOException {
    List<Instruction> exposes = Dockerfile.read(Path.of(file)).runtimeStage().all("EXPOSE");
    assertThat(exposes)
        .extracting(Instruction::arguments)
        .containsExactly(app.serverPort() + " " + app.managementPort());
  }

  @ParameterizedTest
  @ValueSource(strings = {"Dockerfile", "Dockerfile.cuda"})
  void runsAsANumericNonRootUser(String file) throws IOException {
    String user =
        Dockerfile.read(Path.of(file)).runtimeStage().last("USER").orElseThrow().arguments();
    String uid = user.split(":")[0];
    // Kubernetes can only verify runAsNonRoot for a numeric user.
    assertThat(uid).matches("\\d+");
    assertThat(Integer.parseInt(uid)).isPositive();
  }

  @ParameterizedTest
  @ValueSource(strings = {"Dockerfile", "Dockerfile.cuda"})
  void healthCheckAsksReadinessOnTheManagementPortWithAToolTheImageHas(String file)
      throws IOException {
    Stage runtime = Dockerfile.read(Path.of(file)).runtimeStage();
    String healthCheck = runtime.last("HEALTHCHECK").orElseThrow().arguments();
    Matcher url = URL.matcher(healthCheck);
    assertThat(url.find()).as("a URL in %s", healthCheck).isTrue();
    URI uri = URI.create(url.group());
    assertThat(uri.getPath()).isEqualTo(app.readinessPath());
    assertThat(uri.getPort()).isEqualTo(app.managementPort());
    assertThat(healthCheck).contains("CMD wget ");
    // Temurin's images ship wget; any other base must install it.
    boolean baseHasWget = runtime.baseImage().startsWith("eclipse-temurin:");
    boolean installsWget =
        runtime.all("RUN").stream()
            .anyMatch(run -> run.arguments().matches(".*apt-get install .*\\bwget\\b.*"));
    assertThat(baseHasWget || installsWget).as("wget exists in %s", runtime.baseImage()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"Dockerfile", "Dockerfile.cuda"})
  void setsOnlyEnvironmentVariablesSomethingReads(String file) throws IOException {
    Dockerfile dockerfile = Dockerfile.read(Path.of(file));
    String entrypoint = entrypoint(dockerfile);
    assertThat(properties.contains("tscam.model.dir"))
        .as("the project's configuration metadata is on the classpath")
        .isTrue();
    for (String name : dockerfile.runtimeStage().env().keySet()) {
      boolean springProperty = properties.boundBy(name).isPresent();
      boolean readByEntrypoint = entrypoint.contains("$" + name);
      assertThat(springProperty || readByEntrypoint || READ_BY_THE_RUNTIME.contains(name))
          .as("ENV %s binds to a property or is read by the entrypoint or runtime", name)
          .isTrue();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"Dockerfile", "Dockerfile.cuda"})
  void sizesTheHeapFromTheContainerMemory(String file) throws IOException {
    Dockerfile dockerfile = Dockerfile.read(Path.of(file));
    String javaOpts = dockerfile.runtimeStage().env().get("JAVA_OPTS");
    assertThat(javaOpts).containsPattern("-XX:MaxRAMPercentage=\\d+(\\.\\d+)?");
    assertThat(entrypoint(dockerfile)).contains("exec java $JAVA_OPTS ");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Dockerfile", "Dockerfile.cuda"})
  void bakesTheDemoModelInWhereTheModelDirPointsByDefault(String file) throws IOException {
    Stage runtime = Dockerfile.read(Path.of(file)).runtimeStage();
    String modelDir = runtime.env().get("TSCAM_MODEL_DIR");
    assertThat(runtime.contextCopies())
        .anyMatch(
            c -> c.sources().equals(List.of("models/demo")) && c.destination().equals(modelDir));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Dockerfile", "Dockerfile.cuda"})
  void copiesOnlyFilesThatExistAndReachTheBuildContext(String file) throws IOException {
    Dockerfile dockerfile = Dockerfile.read(Path.of(file));
    DockerIgnore ignore = DockerIgnore.read(Path.of(".dockerignore"));
    for (Stage stage : dockerfile.stages()) {
      for (Copy copy : stage.contextCopies()) {
        for (String source : copy.sources()) {
          assertThat(Path.of(source)).as("COPY source in %s", file).exists();
          assertThat(ignore.sendsToBuild(source)).as("%s is not in .dockerignore", source).isTrue();
        }
      }
    }
  }

  @Test
  void cudaImageBuildsTheGpuProfileAndAsksForCuda() throws IOException {
    Dockerfile cuda = Dockerfile.read(Path.of("Dockerfile.cuda"));
    assertThat(cuda.runtimeStage().baseImage()).startsWith("nvidia/cuda:").contains("cudnn");
    assertThat(cuda.stage("build").orElseThrow().all("RUN"))
        .anyMatch(run -> run.arguments().contains(" -Pgpu "));
    assertThat(Files.readString(Path.of("pom.xml"))).contains("<id>gpu</id>");
    Map<String, String> env = cuda.runtimeStage().env();
    assertThat(env).containsEntry("TSCAM_DEVICE", "cuda");
    assertThat(properties.boundBy("TSCAM_DEVICE")).isPresent();
  }

  @Test
  void dockerIgnoreKeepsTheContextToWhatTheBuildReads() throws IOException {
    DockerIgnore ignore = DockerIgnore.read(Path.of(".dockerignore"));
    assertThat(ignore.sendsToBuild("pom.xml")).isTrue();
    assertThat(ignore.sendsToBuild("src/main/java")).isTrue();
    assertThat(ignore.sendsToBuild("models/demo/model.onnx")).isTrue();
    assertThat(ignore.sendsToBuild("target/tscam-server-0.1.0.jar")).isFalse();
    assertThat(ignore.sendsToBuild(".git/HEAD")).isFalse();
    assertThat(ignore.sendsToBuild("models/cub/model.onnx")).isFalse();
  }

  private static String entrypoint(Dockerfile dockerfile) {
    return String.join(" ", dockerfile.runtimeStage().last("ENTRYPOINT").orElseThrow().execForm());
  }
}
