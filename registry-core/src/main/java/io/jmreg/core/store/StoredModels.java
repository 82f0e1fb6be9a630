package io.jmreg.core.store;

import io.jmreg.api.Names;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.spi.StorageBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/** The models a store holds, by listing {@code models/} (one request per 1,000 models on S3). */
public final class StoredModels {
    private static final Logger LOG = LoggerFactory.getLogger(StoredModels.class);

    private StoredModels() {
    }

    /** Names of every model directory, sorted; foreign entries are skipped. */
    public static List<String> list(StorageBackend backend) {
        List<String> names = new ArrayList<>();
        for (String segment : backend.listChildren(StoreLayout.MODELS)) {
            String name = StoreLayout.decode(segment);
            try {
                names.add(Names.requireModelName(name));
            } catch (ValidationException foreign) {
                LOG.debug("ignoring foreign entry {} under {}", segment, StoreLayout.MODELS);
            }
        }
        return names;
    }
}
