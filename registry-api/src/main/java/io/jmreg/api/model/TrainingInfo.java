package io.jmreg.api.model;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How the version was trained (SPEC 3 training_info); every field optional.
 *
 * @param datasets        datasets used
 * @param methodConfig    method configuration (e.g. LoRA r, alpha, dropout, target modules)
 * @param hyperParameters hyper-parameters
 * @param epochs          epochs
 * @param batchSize       batch size
 * @param learningRate    learning rate
 * @param steps           optimisation steps
 * @param duration        wall-clock training time
 * @param gpuHours        GPU hours
 * @param cost            cost in the team's currency
 * @param hardware        hardware description
 */
public record TrainingInfo(List<Dataset> datasets, Map<String, Object> methodConfig, Map<String, Object> hyperParameters,
                           Integer epochs, Integer batchSize, Double learningRate, Long steps, Duration duration,
                           Double gpuHours, Double cost, String hardware) {
    /** Normalises collections. */
    public TrainingInfo {
        datasets = Copies.list(datasets);
        methodConfig = Copies.jsonMap(methodConfig);
        hyperParameters = Copies.jsonMap(hyperParameters);
    }

    /** Empty training_info. */
    public static TrainingInfo empty() {
        return new TrainingInfo(null, null, null, null, null, null, null, null, null, null, null);
    }
}
