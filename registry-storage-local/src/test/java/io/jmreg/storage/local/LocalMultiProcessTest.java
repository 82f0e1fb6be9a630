package io.jmreg.storage.local;

import io.jmreg.testkit.MultiProcessConcurrencyContract;

import java.nio.file.Path;

class LocalMultiProcessTest extends MultiProcessConcurrencyContract {
    @Override
    protected String storeUri(Path temp) {
        return "file:" + temp.resolve("store");
    }
}
