package local.articles.analysis;

import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenizer;
import org.apache.lucene.analysis.ngram.NGramTokenizer;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.AbstractTokenizerFactory;

import java.util.List;
import java.util.Locale;
import java.util.function.IntPredicate;

/**
 * tokenizers {@code edge_ngram} and {@code ngram}: min_gram (1), max_gram (2), token_chars
 * (letter, digit, whitespace, punctuation, symbol, custom; empty = keep all characters), custom_token_chars.
 */
final class NGramTokenizerFactories {
    private NGramTokenizerFactories() {}

    static IntPredicate tokenChars(Settings settings, String name) {
        List<String> classes = settings.getAsList("token_chars");
        if (classes.isEmpty()) {
            return null;
        }
        IntPredicate result = c -> false;
        for (String cls : classes) {
            IntPredicate p = switch (cls.toLowerCase(Locale.ROOT)) {
                case "letter" -> Character::isLetter;
                case "digit" -> Character::isDigit;
                case "whitespace" -> Character::isWhitespace;
                case "punctuation" -> c -> switch (Character.getType(c)) {
                    case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                        Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                        Character.OTHER_PUNCTUATION -> true;
                    default -> false;
                };
                case "symbol" -> c -> switch (Character.getType(c)) {
                    case Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL -> true;
                    default -> false;
                };
                case "custom" -> {
                    String custom = settings.get("custom_token_chars");
                    if (custom == null) {
                        throw new IllegalArgumentException("Token type: [custom] requires setting `custom_token_chars` on [" + name + "]");
                    }
                    int[] cps = custom.codePoints().toArray();
                    yield c -> {
                        for (int cp : cps) {
                            if (cp == c) return true;
                        }
                        return false;
                    };
                }
                default -> throw new IllegalArgumentException(
                    "Unknown token type: [" + cls + "] in [" + name + "], must be one of [letter, digit, whitespace, punctuation, symbol, custom]"
                );
            };
            result = result.or(p);
        }
        return result;
    }

    static final class Edge extends AbstractTokenizerFactory {
        private final int minGram;
        private final int maxGram;
        private final IntPredicate tokenChars;

        Edge(IndexSettings indexSettings, Environment env, String name, Settings settings) {
            super(indexSettings, settings, name);
            this.minGram = settings.getAsInt("min_gram", 1);
            this.maxGram = NGramTokenFilterFactories.checkedMaxGram(indexSettings, "EdgeNGram Tokenizer", minGram, settings.getAsInt("max_gram", 2));
            this.tokenChars = tokenChars(settings, name);
        }

        @Override
        public Tokenizer create() {
            if (tokenChars == null) {
                return new EdgeNGramTokenizer(minGram, maxGram);
            }
            IntPredicate tc = tokenChars;
            return new EdgeNGramTokenizer(minGram, maxGram) {
                @Override
                protected boolean isTokenChar(int chr) {
                    return tc.test(chr);
                }
            };
        }
    }

    static final class Plain extends AbstractTokenizerFactory {
        private final int minGram;
        private final int maxGram;
        private final IntPredicate tokenChars;

        Plain(IndexSettings indexSettings, Environment env, String name, Settings settings) {
            super(indexSettings, settings, name);
            this.minGram = settings.getAsInt("min_gram", 1);
            this.maxGram = NGramTokenFilterFactories.checkedMaxGram(indexSettings, "NGram Tokenizer", minGram, settings.getAsInt("max_gram", 2));
            NGramTokenFilterFactories.checkNgramDiff(indexSettings, "NGram Tokenizer", minGram, maxGram);
            this.tokenChars = tokenChars(settings, name);
        }

        @Override
        public Tokenizer create() {
            if (tokenChars == null) {
                return new NGramTokenizer(minGram, maxGram);
            }
            IntPredicate tc = tokenChars;
            return new NGramTokenizer(minGram, maxGram) {
                @Override
                protected boolean isTokenChar(int chr) {
                    return tc.test(chr);
                }
            };
        }
    }
}
