package io.jmreg.spring.app;

import io.jmreg.onnx.OnnxModel;
import io.jmreg.serving.WatchedModel;
import io.jmreg.spring.WatchedModels;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/** The README's Spring Boot example: a service answering predictions of the ONNX model {@code linear@production}. */
@SpringBootApplication
public class ServingApplication {
    @Bean
    WatchedModel<OnnxModel> linear(WatchedModels models) {
        return models.watch("linear@production", OnnxModel.loader());     // swapped when the alias moves
    }

    @RestController
    static class Predictions {
        private final WatchedModel<OnnxModel> linear;

        Predictions(WatchedModel<OnnxModel> linear) {
            this.linear = linear;
        }

        @PostMapping("/predict")
        Map<String, Object> predict(@RequestBody float[][] features) {
            return linear.apply(model -> Map.of("version", model.version().version(), "scores", model.predict(features)));
        }
    }
}
