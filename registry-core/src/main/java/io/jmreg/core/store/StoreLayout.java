package io.jmreg.core.store;

/**
 * Where everything lives in a store, in one place:
 * <pre>
 * registry.json                                   store descriptor (schema version)
 * blobs/sha256/ab/abcdef...                       content-addressed artifact bytes
 * models/&lt;name&gt;/log/00000000000000000001.json      commit log: one create-only entry per change
 * models/&lt;name&gt;/checkpoints/00000000000000000032.json  full model state as of that entry
 * gc/active/&lt;id&gt;.json                            a running garbage collection (refreshed while it runs)
 * gc/pins/&lt;id&gt;.json                              blobs a registration in flight is about to reference
 * gc/started/&lt;id&gt;.json                           a trace of every collection's start (kept for a day)
 * access/policy/00000000000000000001.json         access policy, one create-only version per change
 * catalog/changes/&lt;millis&gt;-&lt;seq&gt;-&lt;random&gt;-&lt;name&gt;   change hint: written (empty) before each log entry
 * catalog/generations/00000000000000000007.json  catalog generation: per-model log positions, its states object
 * catalog/states/00000000000000000007-&lt;id&gt;-00000.json.gz  one shard: states of a range of models (derived)
 * </pre>
 * A namespaced name {@code org/name} is stored as {@code org~name} ('~' is not allowed in names).
 */
public final class StoreLayout {
    /** The store descriptor. */
    public static final String DESCRIPTOR = "registry.json";
    /** Prefix of all blobs. */
    public static final String BLOBS = "blobs/sha256/";
    /** Prefix of all models. */
    public static final String MODELS = "models/";
    /** Markers of running garbage collections. */
    public static final String GC_ACTIVE = "gc/active/";
    /** Everything of the collection protocol. */
    public static final String GC = "gc/";
    /** Traces of started collections. */
    public static final String GC_STARTED = "gc/started/";
    /** Pins of registrations in flight. */
    public static final String GC_PINS = "gc/pins/";

    /** Versions of the access policy. */
    public static final String POLICIES = "access/policy/";

    /** Change hints of the catalog index. */
    public static final String CATALOG_CHANGES = "catalog/changes/";
    /** Generation records of the catalog index. */
    public static final String CATALOG_GENERATIONS = "catalog/generations/";
    /** State objects of the catalog index. */
    public static final String CATALOG_STATES = "catalog/states/";

    /** Blocks of the audit trail's hash chain. */
    public static final String AUDIT_CHAIN = "audit/chain/";
    /** Signed checkpoints of the audit trail. */
    public static final String AUDIT_CHECKPOINTS = "audit/checkpoints/";
    /** Where the audit trail's newest block was, recently (a hint; the chain is the truth). */
    public static final String AUDIT_HEAD_HINT = "audit/head.json";

    /**
     * The largest sequence number (log entry, checkpoint, policy version, catalog generation, audit block) read or
     * written: 10^15, more than a million commits a second for thirty years. A file named beyond it is not one this
     * library wrote, and a commit never goes beyond it (so never wraps to a negative position).
     */
    public static final long MAX_SEQUENCE = 1_000_000_000_000_000L;

    private StoreLayout() {
    }

    /** Key of audit block {@code block} (1-based). */
    public static String auditBlockKey(long block) {
        return AUDIT_CHAIN + padded(block) + ".jsonl";
    }

    /** Key of the audit checkpoint sealing entry {@code seq}. */
    public static String auditCheckpointKey(long seq) {
        return AUDIT_CHECKPOINTS + padded(seq) + ".json";
    }

    /** Block number in an audit block's file name, or -1 (also for one beyond {@link #MAX_SEQUENCE}). */
    public static long auditBlockOf(String fileName) {
        if (!fileName.endsWith(".jsonl") || fileName.length() != 26) {
            return -1;
        }
        return digits(fileName.substring(0, 20));
    }

    /** Twenty decimal digits as a number in 0..{@link #MAX_SEQUENCE}, or -1. */
    private static long digits(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return -1; // also refuses the sign Long.parseLong would take
            }
        }
        try {
            long n = Long.parseLong(text);
            return n <= MAX_SEQUENCE ? n : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Key of the blob with this SHA-256. */
    public static String blobKey(String sha256) {
        return BLOBS + sha256.substring(0, 2) + "/" + sha256;
    }

    /** SHA-256 of a blob key, or null when the key is not a blob. */
    public static String digestOfBlobKey(String key) {
        if (!key.startsWith(BLOBS)) {
            return null;
        }
        String name = key.substring(key.lastIndexOf('/') + 1);
        return name.length() == 64 ? name : null;
    }

    /** The directory segment of a model name. */
    public static String encode(String modelName) {
        return modelName.replace('/', '~');
    }

    /** The model name of a directory segment. */
    public static String decode(String segment) {
        return segment.replace('~', '/');
    }

    /** Prefix of a model's log. */
    public static String logPrefix(String modelName) {
        return MODELS + encode(modelName) + "/log/";
    }

    /** Key of log entry {@code seq}. */
    public static String logKey(String modelName, long seq) {
        return logPrefix(modelName) + padded(seq) + ".json";
    }

    /** Prefix of a model's checkpoints. */
    public static String checkpointPrefix(String modelName) {
        return MODELS + encode(modelName) + "/checkpoints/";
    }

    /** Key of the checkpoint as of {@code seq}. */
    public static String checkpointKey(String modelName, long seq) {
        return checkpointPrefix(modelName) + padded(seq) + ".json";
    }

    /** Key of access policy version {@code version}. */
    public static String policyKey(long version) {
        return POLICIES + padded(version) + ".json";
    }

    /** Key of catalog generation {@code generation}. */
    public static String catalogGenerationKey(long generation) {
        return CATALOG_GENERATIONS + padded(generation) + ".json";
    }

    /**
     * Sequence number in a log, checkpoint, policy or generation file name, or -1 (also for a name with a sign or
     * beyond {@link #MAX_SEQUENCE}).
     */
    public static long sequenceOf(String fileName) {
        if (!fileName.endsWith(".json") || fileName.length() != 25) {
            return -1;
        }
        return digits(fileName.substring(0, 20));
    }

    /**
     * {@code n} in 20 decimal digits, zero-padded: the number part of sequence file names, as
     * {@code String.format("%020d", n)} writes it, without the formatter (it ran on every commit and every probe).
     */
    static String padded(long n) {
        if (n < 0) {
            return String.format("%020d", n);
        }
        char[] digits = new char[20];
        long rest = n;
        for (int i = digits.length - 1; i >= 0; i--) {
            digits[i] = (char) ('0' + rest % 10);
            rest /= 10;
        }
        return new String(digits);
    }
}
