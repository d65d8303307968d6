package local.articles.analysis;

/** Small helpers shared by rule-based settings (mapping char filter, word delimiter type tables). */
final class Rules {
    private Rules() {}

    /** Resolves backslash escapes: \\ \n \t \r \b \f \" \' and \\uXXXX. */
    static String unescape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (i + 1 >= s.length()) {
                throw new IllegalArgumentException("Invalid escaped char in [" + s + "]");
            }
            char n = s.charAt(++i);
            switch (n) {
                case '\\' -> out.append('\\');
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case '"' -> out.append('"');
                case '\'' -> out.append('\'');
                case 'u' -> {
                    if (i + 4 >= s.length()) {
                        throw new IllegalArgumentException("Invalid escaped char in [" + s + "]");
                    }
                    out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> throw new IllegalArgumentException("Invalid escaped char [\\" + n + "] in [" + s + "]");
            }
        }
        return out.toString();
    }
}
