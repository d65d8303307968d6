package local.articles.analysis;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenFilter;
import org.apache.lucene.analysis.ngram.NGramTokenFilter;
import org.apache.lucene.analysis.reverse.ReverseStringFilter;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.AbstractTokenFilterFactory;
import org.elasticsearch.index.analysis.TokenFilterFactory;

import java.util.Locale;

/** token filters {@code edge_ngram} and {@code ngram}. */
final class NGramTokenFilterFactories {
    private NGramTokenFilterFactories() {}

    static int checkedMaxGram(IndexSettings indexSettings, String what, int minGram, int maxGram) {
        if (minGram < 1) {
            throw new IllegalArgumentException("[min_gram] of " + what + " must be >= 1 but was [" + minGram + "]");
        }
        if (maxGram < minGram) {
            throw new IllegalArgumentException(
                "[max_gram] of " + what + " must be >= [min_gram] (" + minGram + ") but was [" + maxGram + "]"
            );
        }
        return maxGram;
    }

    static void checkNgramDiff(IndexSettings indexSettings, String what, int minGram, int maxGram) {
        int maxAllowed = indexSettings.getMaxNgramDiff();
        if (maxGram - minGram > maxAllowed) {
            throw new IllegalArgumentException(
                "The difference between max_gram and min_gram in " + what + " must be less than or equal to: ["
                    + maxAllowed + "] but was [" + (maxGram - minGram) + "]. This limit can be set by changing the ["
                    + IndexSettings.MAX_NGRAM_DIFF_SETTING.getKey() + "] index level setting."
            );
        }
    }

    /** {@code edge_ngram}: min_gram (1), max_gram (2), preserve_original (false), side (front|back, deprecated upstream). */
    static final class Edge extends AbstractTokenFilterFactory {
        private final int minGram;
        private final int maxGram;
        private final boolean preserveOriginal;
        private final boolean back;

        Edge(IndexSettings indexSettings, Environment env, String name, Settings settings) {
            super(name, settings);
            this.minGram = settings.getAsInt("min_gram", 1);
            this.maxGram = checkedMaxGram(indexSettings, "EdgeNGram Token Filter", minGram, settings.getAsInt("max_gram", 2));
            this.preserveOriginal = settings.getAsBoolean("preserve_original", false);
            String side = settings.get("side", "front").toLowerCase(Locale.ROOT);
            if (side.equals("front") == false && side.equals("back") == false) {
                throw new IllegalArgumentException("invalid side [" + side + "] for [" + name + "]: expected [front] or [back]");
            }
            this.back = side.equals("back");
        }

        @Override
        public TokenStream create(TokenStream tokenStream) {
            TokenStream in = back ? new ReverseStringFilter(tokenStream) : tokenStream;
            TokenStream out = new EdgeNGramTokenFilter(in, minGram, maxGram, preserveOriginal);
            return back ? new ReverseStringFilter(out) : out;
        }

        @Override
        public boolean breaksFastVectorHighlighter() {
            return true;
        }

        @Override
        public TokenFilterFactory getSynonymFilter() {
            throw new IllegalArgumentException("Token filter [" + name() + "] cannot be used to parse synonyms");
        }
    }

    /** {@code ngram}: min_gram (1), max_gram (2), preserve_original (false); max_gram - min_gram <= index.max_ngram_diff. */
    static final class Plain extends AbstractTokenFilterFactory {
        private final int minGram;
        private final int maxGram;
        private final boolean preserveOriginal;

        Plain(IndexSettings indexSettings, Environment env, String name, Settings settings) {
            super(name, settings);
            this.minGram = settings.getAsInt("min_gram", 1);
            this.maxGram = checkedMaxGram(indexSettings, "NGram Token Filter", minGram, settings.getAsInt("max_gram", 2));
            checkNgramDiff(indexSettings, "NGram Token Filter", minGram, maxGram);
            this.preserveOriginal = settings.getAsBoolean("preserve_original", false);
        }

        @Override
        public TokenStream create(TokenStream tokenStream) {
            return new NGramTokenFilter(tokenStream, minGram, maxGram, preserveOriginal);
        }

        @Override
        public TokenFilterFactory getSynonymFilter() {
            throw new IllegalArgumentException("Token filter [" + name() + "] cannot be used to parse synonyms");
        }
    }
}
