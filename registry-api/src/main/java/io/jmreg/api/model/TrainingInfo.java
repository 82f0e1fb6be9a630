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

    /** training_info naming only the datasets used. */
    public static TrainingInfo ofDatasets(Dataset... datasets) {
        return builder().datasets(List.of(datasets)).build();
    }

    /** Empty training_info. */
    public static TrainingInfo empty() {
        return new TrainingInfo(null, null, null, null, null, null, null, null, null, null, null);
    }

    /** A builder: {@code TrainingInfo.builder().datasets(List.of(Dataset.of("reviews", "2024-06"))).epochs(3).build()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding every field of this one, to derive a changed copy. */
    public Builder toBuilder() {
        return new Builder().datasets(datasets).methodConfig(methodConfig).hyperParameters(hyperParameters).epochs(epochs).batchSize(batchSize).learningRate(learningRate).steps(steps).duration(duration).gpuHours(gpuHours).cost(cost).hardware(hardware);
    }

    /** Fluent builder of {@link TrainingInfo}; every field is optional. */
    public static final class Builder {
        private List<Dataset> datasets;
        private Map<String, Object> methodConfig;
        private Map<String, Object> hyperParameters;
        private Integer epochs;
        private Integer batchSize;
        private Double learningRate;
        private Long steps;
        private Duration duration;
        private Double gpuHours;
        private Double cost;
        private String hardware;

        private Builder() {
        }

        /** Datasets used. */
        public Builder datasets(List<Dataset> v) {
            datasets = v;
            return this;
        }

        /** Method configuration (e.g. LoRA r, alpha, dropout, target modules). */
        public Builder methodConfig(Map<String, Object> v) {
            methodConfig = v;
            return this;
        }

        /** Hyper-parameters. */
        public Builder hyperParameters(Map<String, Object> v) {
            hyperParameters = v;
            return this;
        }

        /** Epochs. */
        public Builder epochs(Integer v) {
            epochs = v;
            return this;
        }

        /** Batch size. */
        public Builder batchSize(Integer v) {
            batchSize = v;
            return this;
        }

        /** Learning rate. */
        public Builder learningRate(Double v) {
            learningRate = v;
            return this;
        }

        /** Optimisation steps. */
        public Builder steps(Long v) {
            steps = v;
            return this;
        }

        /** Wall-clock training time. */
        public Builder duration(Duration v) {
            duration = v;
            return this;
        }

        /** GPU hours. */
        public Builder gpuHours(Double v) {
            gpuHours = v;
            return this;
        }

        /** Cost in the team's currency. */
        public Builder cost(Double v) {
            cost = v;
            return this;
        }

        /** Hardware description. */
        public Builder hardware(String v) {
            hardware = v;
            return this;
        }

        /** Builds (and validates). */
        public TrainingInfo build() {
            return new TrainingInfo(datasets, methodConfig, hyperParameters, epochs, batchSize, learningRate, steps, duration, gpuHours, cost, hardware);
        }
    }
}
