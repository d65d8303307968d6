package local.articles.analysis;

import org.apache.lucene.analysis.charfilter.HTMLStripCharFilter;
import org.apache.lucene.analysis.pattern.PatternReplaceCharFilter;
import org.elasticsearch.common.regex.Regex;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.AbstractCharFilterFactory;
import org.elasticsearch.index.analysis.NormalizingCharFilterFactory;

import java.io.Reader;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/** Extra char filters: {@code html_strip} (escaped_tags) and {@code pattern_replace} (pattern, replacement, flags). */
final class CharFilters {
    private CharFilters() {}

    static final class HtmlStrip extends AbstractCharFilterFactory {
        private final Set<String> escapedTags;

        HtmlStrip(IndexSettings indexSettings, Environment env, String name, Settings settings) {
            super(name);
            this.escapedTags = new HashSet<>(settings.getAsList("escaped_tags"));
        }

        @Override
        public Reader create(Reader reader) {
            return escapedTags.isEmpty() ? new HTMLStripCharFilter(reader) : new HTMLStripCharFilter(reader, escapedTags);
        }
    }

    static final class PatternReplace extends AbstractCharFilterFactory implements NormalizingCharFilterFactory {
        private final Pattern pattern;
        private final String replacement;

        PatternReplace(IndexSettings indexSettings, Environment env, String name, Settings settings) {
            super(name);
            String p = settings.get("pattern");
            if (p == null || p.isEmpty()) {
                throw new IllegalArgumentException("pattern is missing for [" + name + "] char filter of type 'pattern_replace'");
            }
            this.pattern = Regex.compile(p, settings.get("flags"));
            this.replacement = settings.get("replacement", "");
        }

        @Override
        public Reader create(Reader reader) {
            return new PatternReplaceCharFilter(pattern, replacement, reader);
        }
    }
}
