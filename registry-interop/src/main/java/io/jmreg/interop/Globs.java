package io.jmreg.interop;

import java.util.List;
import java.util.regex.Pattern;

/** File patterns: {@code *} within a path segment, {@code **} across segments, {@code ?} one character. */
final class Globs {
    private Globs() {
    }

    static Pattern compile(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                re.append(".*");
                i++;
            } else if (c == '*') {
                re.append("[^/]*");
            } else if (c == '?') {
                re.append("[^/]");
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }

    /** Whether {@code path} is selected: it matches an include (or there is none) and no exclude. */
    static boolean selected(String path, List<String> include, List<String> exclude) {
        boolean in = include.isEmpty() || include.stream().anyMatch(g -> compile(g).matcher(path).matches());
        return in && exclude.stream().noneMatch(g -> compile(g).matcher(path).matches());
    }
}
