package io.jmreg.benchmarks;

import static io.jmreg.benchmarks.BenchSupport.median;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.api.search.SearchRequest;
import io.jmreg.spi.ObjectInfo;
import io.jmreg.spi.StorageBackend;
import io.jmreg.spi.StorageBackends;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Discovery at scale: {@code models x versions} realistic records (default 1,000 x 100). Prints the first index
 * build, cold opens (a new instance answering its first query: time, stored objects read, listings) on {@code file:}
 * and, given the S3Proxy jar, on S3; warm query latencies; and the same queries on the same data in SQLite with
 * MLflow's model-registry schema and indexes (MLflow's default store), with the ratio SQLite / jmreg.
 * <p>Arguments: work directory, models, versions, optional S3Proxy jar.
 */
public final class DiscoveryBenchmark {
    /** A query in both languages: jmreg's, and SQL over MLflow's schema (null where SQL cannot say it). */
    private record Workload(String title, SearchRequest request, String sqlWhere, String sqlOrder) {
    }

    private static final List<Workload> WORKLOADS = List.of(
            new Workload("selective: name prefix and metric",
                    SearchRequest.of("name:model-05* AND metrics.accuracy:>0.9").limit(20),
                    "mv.name LIKE 'model-05%' AND m.value > 0.9", "mv.name, mv.version"),
            new Workload("non-selective, sorted by metric, limit 20",
                    SearchRequest.of("metrics.accuracy:>=0").sortedBy("metrics.accuracy:desc,created_at").limit(20),
                    "m.value >= 0", "m.value DESC, mv.creation_time"),
            new Workload("tag and owner",
                    SearchRequest.of("tags:production AND owner:team-3").limit(20),
                    "mv.user_id = 'team-3' AND EXISTS (SELECT 1 FROM model_version_tags t WHERE t.name = mv.name"
                            + " AND t.version = mv.version AND t.key = 'production')", "mv.name, mv.version"),
            new Workload("alias within a name prefix",
                    SearchRequest.of("alias:production AND name:model-00*").limit(20),
                    "mv.name LIKE 'model-00%' AND EXISTS (SELECT 1 FROM registered_model_aliases a WHERE a.name = mv.name"
                            + " AND a.version = mv.version AND a.alias = 'production')", "mv.name, mv.version"),
            new Workload("OR, NOT and a version range (no SQL in MLflow's filter language)",
                    SearchRequest.of("(tags:vision OR tags:audio) -tier:lite version:\"^1.50\" base_model:mistral*")
                            .limit(20), null, null));

    private DiscoveryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args.length > 0 ? args[0] : "target/discovery-bench").toAbsolutePath();
        int models = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int versions = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        Path jar = args.length > 3 ? Path.of(args[3]).toAbsolutePath() : null;
        Files.createDirectories(work);
        System.out.printf("jmreg discovery benchmark: %d models x %d versions, %d cores%n%n", models, versions,
                Runtime.getRuntime().availableProcessors());
        Path store = DiscoveryData.ensurePopulated(work, models, versions);
        String uri = "count+file:" + store;

        long t0 = System.nanoTime();
        try (ModelRegistry first = open(uri, work.resolve("cache-build"))) {
            first.search().versions(SearchRequest.of("").limit(1));
        }
        System.out.printf("first search on the store (builds the catalog from the logs when it has none, or catches up"
                + " and compacts): %.0f ms%n", (System.nanoTime() - t0) / 1e6);

        cold("file:", uri, work, 5);
        ModelRegistry registry = open(uri, work.resolve("cache-warm"));
        double[] jmreg = new double[WORKLOADS.size()];
        for (int i = 0; i < WORKLOADS.size(); i++) {
            Workload w = WORKLOADS.get(i);
            jmreg[i] = p50(() -> registry.search().versions(w.request()).total(), 30);
        }
        Path db = work.resolve("mlflow-" + models + "x" + versions + ".db");
        try (Connection sql = MlflowSqlite.load(db, registry, models)) {
            System.out.printf("%nwarm query p50 (jmreg catalog vs SQLite with MLflow's schema and indexes, same data)%n");
            for (int i = 0; i < WORKLOADS.size(); i++) {
                Workload w = WORKLOADS.get(i);
                long total = registry.search().versions(w.request()).total();
                if (w.sqlWhere() == null) {
                    System.out.printf("  %-62s jmreg %7.2f ms (%d hits)   SQLite: not expressible%n", w.title(), jmreg[i],
                            total);
                    continue;
                }
                long[] sqlTotal = new long[1];
                double s = p50(() -> sqlTotal[0] = MlflowSqlite.query(sql, w.sqlWhere(), w.sqlOrder()), 30);
                System.out.printf("  %-62s jmreg %7.2f ms (%d hits)   SQLite %7.2f ms (%d hits)   ratio %.1fx%n", w.title(),
                        jmreg[i], total, s, sqlTotal[0], s / jmreg[i]);
            }
        }
        registry.close();
        if (jar != null) {
            s3(jar, work, store);
        }
    }

    /** New instances answering their first query: the first in this JVM (class loading included), then the median. */
    private static void cold(String label, String uri, Path work, int rounds) {
        double[] ms = new double[rounds];
        long[] reads = new long[rounds];
        long[] lists = new long[rounds];
        long hits = 0;
        for (int r = 0; r < rounds; r++) {
            CountingBackendProvider.READS.set(0);
            CountingBackendProvider.LISTS.set(0);
            long t0 = System.nanoTime();
            try (ModelRegistry registry = open(uri, work.resolve("cache-cold-" + r))) {
                hits = registry.search().versions(WORKLOADS.get(0).request()).total();
            }
            ms[r] = (System.nanoTime() - t0) / 1e6;
            reads[r] = CountingBackendProvider.READS.get();
            lists[r] = CountingBackendProvider.LISTS.get();
        }
        System.out.printf("cold %s new instance + first query (%d hits): first %.0f ms, median of %d %.0f ms; "
                + "objects read per round %s, listings %s%n", label, hits, ms[0], rounds - 1,
                median(Arrays.copyOfRange(ms, 1, rounds)), Arrays.toString(reads), Arrays.toString(lists));
    }

    /** The store copied into S3Proxy, then cold opens against it. */
    private static void s3(Path jar, Path work, Path store) throws Exception {
        Path s3work = work.resolve("s3");
        BenchSupport.deleteTree(s3work);
        Files.createDirectories(s3work);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process server = S3Benchmark.startServer(jar, s3work, port);
        try {
            String bucket = "discovery";
            String endpoint = "http://127.0.0.1:" + port;
            S3Benchmark.createBucket(endpoint, bucket);
            String target = "s3://" + bucket + "/store?endpoint=" + endpoint + "&" + S3Benchmark.credentials();
            long t0 = System.nanoTime();
            long copied = copy("file:" + store, target);
            System.out.printf("%ncopied the store into S3Proxy (%d objects) in %.0f s%n", copied, BenchSupport.seconds(t0));
            cold("S3Proxy", "count+" + target, work, 4);
        } finally {
            server.destroy();
            server.waitFor();
        }
    }

    private static long copy(String from, String to) throws Exception {
        try (StorageBackend source = StorageBackends.open(from, Map.of());
             StorageBackend target = StorageBackends.open(to, Map.of())) {
            List<String> keys = source.list("").map(ObjectInfo::key).toList();
            ExecutorService pool = Executors.newFixedThreadPool(32);
            List<Future<?>> futures = new ArrayList<>();
            for (String key : keys) {
                futures.add(pool.submit(() -> {
                    target.putBytes(key, source.getBytes(key));
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            pool.shutdown();
            return keys.size();
        }
    }

    private static double p50(Supplier<Long> query, int runs) {
        long answers = 0; // kept so that no call can be optimised away
        for (int i = 0; i < 5; i++) {
            answers += query.get();
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            answers += query.get();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        if (answers < 0) {
            throw new IllegalStateException("negative answer count " + answers);
        }
        return median(ms);
    }

    private static ModelRegistry open(String uri, Path cache) {
        return ModelRegistry.open(RegistryOptions.builder(uri).cacheDirectory(cache).build());
    }

    /** The same versions in SQLite, in MLflow's model-registry tables (plus its run metrics table). */
    static final class MlflowSqlite {
        private MlflowSqlite() {
        }

        static Connection load(Path db, ModelRegistry registry, int models) throws Exception {
            boolean fresh = !Files.exists(db);
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
            if (!fresh) {
                return prepare(c);
            }
            long t0 = System.nanoTime();
            try (Statement s = c.createStatement()) {
                // MLflow's tables and indexes as its migrations leave them (mlflow/store/db_migrations)
                s.execute("CREATE TABLE registered_models (name VARCHAR(256) NOT NULL, creation_time BIGINT,"
                        + " last_updated_time BIGINT, description VARCHAR(5000), PRIMARY KEY (name))");
                s.execute("CREATE TABLE model_versions (name VARCHAR(256) NOT NULL, version INTEGER NOT NULL,"
                        + " creation_time BIGINT, last_updated_time BIGINT, description VARCHAR(5000), user_id VARCHAR(256),"
                        + " current_stage VARCHAR(20), source VARCHAR(500), run_id VARCHAR(32), status VARCHAR(20),"
                        + " status_message VARCHAR(500), run_link VARCHAR(500), storage_location VARCHAR(500),"
                        + " PRIMARY KEY (name, version), FOREIGN KEY(name) REFERENCES registered_models (name))");
                s.execute("CREATE TABLE model_version_tags (key VARCHAR(250) NOT NULL, value VARCHAR(5000),"
                        + " name VARCHAR(256) NOT NULL, version INTEGER NOT NULL, PRIMARY KEY (key, name, version))");
                s.execute("CREATE TABLE registered_model_aliases (alias VARCHAR(256) NOT NULL, version INTEGER NOT NULL,"
                        + " name VARCHAR(256) NOT NULL, PRIMARY KEY (name, alias))");
                s.execute("CREATE TABLE latest_metrics (key VARCHAR(250) NOT NULL, value FLOAT NOT NULL, timestamp BIGINT,"
                        + " step BIGINT NOT NULL, is_nan BOOLEAN NOT NULL, run_uuid VARCHAR(32) NOT NULL,"
                        + " PRIMARY KEY (key, run_uuid))");
                s.execute("CREATE INDEX index_latest_metrics_run_uuid ON latest_metrics (run_uuid)");
            }
            c.setAutoCommit(false);
            try (PreparedStatement rm = c.prepareStatement("INSERT INTO registered_models VALUES (?, ?, ?, NULL)");
                 PreparedStatement mv = c.prepareStatement("INSERT INTO model_versions (name, version, creation_time,"
                         + " last_updated_time, description, user_id, current_stage, source, run_id, status)"
                         + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'READY')");
                 PreparedStatement tag = c.prepareStatement("INSERT INTO model_version_tags VALUES (?, '', ?, ?)");
                 PreparedStatement alias = c.prepareStatement("INSERT INTO registered_model_aliases VALUES (?, ?, ?)");
                 PreparedStatement metric = c.prepareStatement("INSERT INTO latest_metrics VALUES (?, ?, ?, 0, 0, ?)")) {
                for (String name : registry.listModels()) {
                    List<ModelVersion> all = registry.listVersions(name);
                    long created = all.get(0).created().toEpochMilli();
                    rm.setString(1, name);
                    rm.setLong(2, created);
                    rm.setLong(3, created);
                    rm.addBatch();
                    Map<String, String> aliases = registry.aliases(name);
                    for (ModelVersion v : all) {
                        int number = Integer.parseInt(v.version().split("\\.")[1]) + 1;
                        String run = name + "-" + number;
                        mv.setString(1, name);
                        mv.setInt(2, number);
                        mv.setLong(3, v.created().toEpochMilli());
                        mv.setLong(4, v.created().toEpochMilli());
                        mv.setString(5, v.description());
                        mv.setString(6, v.owner());
                        mv.setString(7, v.stage());
                        mv.setString(8, "models:/" + name + "/" + number);
                        mv.setString(9, run);
                        mv.addBatch();
                        for (String t : v.tags()) {
                            tag.setString(1, t);
                            tag.setString(2, name);
                            tag.setInt(3, number);
                            tag.addBatch();
                        }
                        for (Map.Entry<String, Double> m : v.metrics().entrySet()) {
                            metric.setString(1, m.getKey());
                            metric.setDouble(2, m.getValue());
                            metric.setLong(3, v.created().toEpochMilli());
                            metric.setString(4, run);
                            metric.addBatch();
                        }
                        aliases.forEach((a, target) -> {
                            if (target.equals(v.version())) {
                                try {
                                    alias.setString(1, a);
                                    alias.setInt(2, number);
                                    alias.setString(3, name);
                                    alias.addBatch();
                                } catch (SQLException e) {
                                    throw new IllegalStateException(e);
                                }
                            }
                        });
                    }
                }
                rm.executeBatch();
                mv.executeBatch();
                tag.executeBatch();
                alias.executeBatch();
                metric.executeBatch();
            }
            c.commit();
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("ANALYZE");
            }
            System.out.printf("%nloaded %d models into SQLite (%s) in %.1f s%n", models, db.getFileName(),
                    BenchSupport.seconds(t0));
            return prepare(c);
        }

        private static Connection prepare(Connection c) throws Exception {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA case_sensitive_like = ON"); // lets LIKE 'prefix%' use the primary key: SQLite's best plan
            }
            return c;
        }

        /** One page (20) and the total, as the registry's search returns both. */
        static long query(Connection c, String where, String order) {
            String from = " FROM model_versions mv JOIN latest_metrics m ON m.run_uuid = mv.run_id"
                    + " AND m.key = 'evaluation.accuracy' WHERE " + where;
            try (Statement s = c.createStatement()) {
                try (ResultSet page = s.executeQuery("SELECT mv.name, mv.version, mv.description, mv.user_id, m.value"
                        + from + " ORDER BY " + order + " LIMIT 20")) {
                    while (page.next()) {
                        page.getString(1); // read each row of the page, as a client would
                    }
                }
                try (ResultSet count = s.executeQuery("SELECT COUNT(*)" + from)) {
                    count.next();
                    return count.getLong(1);
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
