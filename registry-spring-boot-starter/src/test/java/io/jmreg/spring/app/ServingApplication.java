package io.jmreg.spring.app;

import io.jmreg.serving.WatchedModel;
import io.jmreg.spring.WatchedModels;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.nio.file.Files;

/** The README's Spring Boot example: a service answering with the model {@code greeter@production} serves. */
@SpringBootApplication
public class ServingApplication {
    /** The model: here, a greeting read from the version's {@code greeting.txt}. */
    @Bean
    WatchedModel<String> greeter(WatchedModels models) {
        return models.watch("greeter@production",
                (version, files) -> Files.readString(files.resolve("greeting.txt")) + " (" + version.version() + ")");
    }

    /** Answers with the current model. */
    @RestController
    static class Greeting {
        private final WatchedModel<String> greeter;

        Greeting(WatchedModel<String> greeter) {
            this.greeter = greeter;
        }

        @GetMapping("/greet")
        String greet() {
            return greeter.apply(greeting -> greeting);
        }
    }
}
