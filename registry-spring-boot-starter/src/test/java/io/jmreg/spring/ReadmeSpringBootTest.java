package io.jmreg.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.jmreg.api.ModelRegistry;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The README's Spring Boot section is what the tests run: its Java block is the source of the application
 * {@link ServingApplicationTest} starts, and its properties start a context.
 */
class ReadmeSpringBootTest {
    @TempDir
    Path temp;

    private static String section() throws Exception {
        Path readme = Path.of("README.md");
        if (!Files.exists(readme)) {
            readme = Path.of("..", "README.md");
        }
        String text = Files.readString(readme);
        int start = text.indexOf("\n## Spring Boot\n");
        return text.substring(start, text.indexOf("\n## ", start + 5));
    }

    private static String block(String section, String language) {
        int start = section.indexOf("```" + language + "\n") + language.length() + 4;
        return section.substring(start, section.indexOf("```", start));
    }

    private static String squeeze(String code) {
        return code.replaceAll("\\s+", " ").strip();
    }

    @Test
    void theJavaBlockIsTheTestedApplication() throws Exception {
        String block = block(section(), "java");
        assertThat(block).contains("@SpringBootApplication").contains("models.watch(\"linear@production\"");
        String source = Files.readString(Path.of("src/test/java/io/jmreg/spring/app/ServingApplication.java"));
        assertThat(squeeze(source)).contains(squeeze(block));
    }

    @Test
    void thePropertiesStartAContext() throws Exception {
        Properties props = new Properties();
        props.load(new StringReader(block(section(), "properties")));
        assertThat(props).containsKeys("jmreg.uri", "jmreg.principal", "jmreg.staleness", "jmreg.health.timeout");
        List<String> pairs = new ArrayList<>();
        props.forEach((k, v) -> pairs.add(k + "=" + v.toString().replace("/var/models", temp.resolve("store").toString())
                .replace("/var/cache/jmreg", temp.resolve("cache").toString())));
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(JmregAutoConfiguration.class))
                .withPropertyValues(pairs.toArray(String[]::new)).run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(ModelRegistry.class).principal()).isEqualTo("fraud-service");
                });
    }
}
