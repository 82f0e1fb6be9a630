package io.jmreg.server.hf;

import io.jmreg.api.model.ArtifactFile;
import io.jmreg.api.model.ModelVersion;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The git ids the hub's clients expect, computed from a version's record as git would for a repository holding
 * the version's files as Git LFS pointers: a file's {@code oid} is the git blob id of its LFS pointer, a directory's
 * the git tree id, and the revision's commit id the git commit of the root tree with the version's creator, creation
 * time and {@code name version} as message. Every id depends only on what never changes in a version (its files,
 * creator and creation time), so a version keeps its commit id forever.
 */
final class GitObjects {
    private final Map<String, String> directoryIds = new TreeMap<>();
    private final String commit;

    /** The ids of {@code version}'s files and directories. */
    GitObjects(ModelVersion version) {
        Node root = new Node();
        for (ArtifactFile f : version.artifacts().files()) {
            Node at = root;
            String[] parts = f.path().split("/");
            for (int i = 0; i < parts.length - 1; i++) {
                at = at.dirs.computeIfAbsent(parts[i], k -> new Node());
            }
            at.files.put(parts[parts.length - 1], f);
        }
        String tree = treeId(root, "");
        long seconds = version.created().getEpochSecond();
        String who = (version.createdBy() == null ? "jmreg" : version.createdBy()).replaceAll("[<>\\n]", "_");
        String body = "tree " + tree + "\n"
                + "author " + who + " <" + who + "@jmreg> " + seconds + " +0000\n"
                + "committer jmreg <jmreg@jmreg> " + seconds + " +0000\n\n"
                + version.name() + " " + version.version() + "\n";
        commit = object("commit", body.getBytes(StandardCharsets.UTF_8));
    }

    /** The commit id of the version (40 hex). */
    String commit() {
        return commit;
    }

    /** The git tree id of directory {@code path} ("" for the root), or null when the version has no such directory. */
    String directory(String path) {
        return directoryIds.get(path);
    }

    /** The paths of every directory (not the root). */
    List<String> directories() {
        List<String> out = new ArrayList<>(directoryIds.keySet());
        out.remove("");
        return out;
    }

    /** The text of {@code file}'s Git LFS pointer. */
    static byte[] pointer(ArtifactFile file) {
        return ("version https://git-lfs.github.com/spec/v1\noid sha256:" + file.sha256() + "\nsize " + file.size()
                + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The git blob id of {@code file}'s LFS pointer. */
    static String blob(ArtifactFile file) {
        return object("blob", pointer(file));
    }

    private String treeId(Node node, String path) {
        // git orders tree entries by name, a directory's name compared as if it ended with '/'
        TreeMap<String, byte[]> entries = new TreeMap<>();
        node.files.forEach((name, f) -> entries.put(name, entry("100644", name, blob(f))));
        node.dirs.forEach((name, child) -> entries.put(name + "/",
                entry("40000", name, treeId(child, path.isEmpty() ? name : path + "/" + name))));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        entries.values().forEach(out::writeBytes);
        String id = object("tree", out.toByteArray());
        directoryIds.put(path, id);
        return id;
    }

    private static byte[] entry(String mode, String name, String id) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((mode + " " + name).getBytes(StandardCharsets.UTF_8));
        out.write(0);
        out.writeBytes(HexFormat.of().parseHex(id));
        return out.toByteArray();
    }

    private static String object(String type, byte[] content) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update((type + " " + content.length).getBytes(StandardCharsets.UTF_8));
            sha1.update((byte) 0);
            return HexFormat.of().formatHex(sha1.digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class Node {
        final TreeMap<String, Node> dirs = new TreeMap<>();
        final TreeMap<String, ArtifactFile> files = new TreeMap<>();
    }
}
