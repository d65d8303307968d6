package local.articles.analysis;

import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.miscellaneous.WordDelimiterFilter;
import org.apache.lucene.analysis.miscellaneous.WordDelimiterGraphFilter;
import org.apache.lucene.analysis.miscellaneous.WordDelimiterIterator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.AbstractTokenFilterFactory;
import org.elasticsearch.index.analysis.Analysis;
import org.elasticsearch.index.analysis.TokenFilterFactory;

import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;

import static org.apache.lucene.analysis.miscellaneous.WordDelimiterGraphFilter.CATENATE_ALL;
import static org.apache.lucene.analysis.miscellaneous.WordDelimiterGraphFilter.CATENATE_NUMBERS;
import static org.apache.lucene.analysis.miscellaneous.WordDelimiterGraphFilter.CATENATE_WORDS;
import static org.apache.lucene.analysis.miscellaneous.WordDelimiterGraphFilter.GENERATE_NUMBER_PARTS;
import static org.apache.lucene.analysis.miscellaneous.WordDelimiterGraphFilter.GENERATE_WORD_PARTS;
import static org.apache.lucene.analysis.miscellaneous.WordDelimiterGraphFilter.IGNORE_KEYWORDS;
import static org.apache.lucene.analysis.miscellaneous.WordDelimiterGraphFilter.PRESERVE_ORIGINAL;
import static org.apache.lucene.analysis.miscellaneous.WordDelimiterGraphFilter.SPLIT_ON_CASE_CHANGE;
import static org.apache.lucene.analysis.miscellaneous.WordDelimiterGraphFilter.SPLIT_ON_NUMERICS;
import static org.apache.lucene.analysis.miscellaneous.WordDelimiterGraphFilter.STEM_ENGLISH_POSSESSIVE;

/**
 * token filters {@code word_delimiter_graph} (and legacy {@code word_delimiter}). Settings:
 * generate_word_parts, generate_number_parts, catenate_words, catenate_numbers, catenate_all,
 * split_on_case_change, preserve_original, split_on_numerics, stem_english_possessive,
 * ignore_keywords, adjust_offsets (graph only), protected_words[_path], type_table[_path].
 */
final class WordDelimiterTokenFilterFactory extends AbstractTokenFilterFactory {

    private final boolean graph;
    private final byte[] charTypeTable;
    private final int flags;
    private final CharArraySet protoWords;
    private final boolean adjustOffsets;

    WordDelimiterTokenFilterFactory(boolean graph, Environment env, String name, Settings settings) {
        super(name, settings);
        this.graph = graph;
        List<String> typeRules = Analysis.getWordList(env, settings, "type_table");
        this.charTypeTable = typeRules == null ? WordDelimiterIterator.DEFAULT_WORD_DELIM_TABLE : parseTypes(typeRules);
        int f = 0;
        f |= flag(settings, "generate_word_parts", true, GENERATE_WORD_PARTS);
        f |= flag(settings, "generate_number_parts", true, GENERATE_NUMBER_PARTS);
        f |= flag(settings, "catenate_words", false, CATENATE_WORDS);
        f |= flag(settings, "catenate_numbers", false, CATENATE_NUMBERS);
        f |= flag(settings, "catenate_all", false, CATENATE_ALL);
        f |= flag(settings, "split_on_case_change", true, SPLIT_ON_CASE_CHANGE);
        f |= flag(settings, "preserve_original", false, PRESERVE_ORIGINAL);
        f |= flag(settings, "split_on_numerics", true, SPLIT_ON_NUMERICS);
        f |= flag(settings, "stem_english_possessive", true, STEM_ENGLISH_POSSESSIVE);
        f |= flag(settings, "ignore_keywords", false, IGNORE_KEYWORDS);
        this.flags = f;
        CharArraySet words = Analysis.getWordSet(env, settings, "protected_words");
        this.protoWords = words == null ? null : CharArraySet.copy(words);
        this.adjustOffsets = settings.getAsBoolean("adjust_offsets", true);
    }

    static WordDelimiterTokenFilterFactory graph(IndexSettings is, Environment env, String name, Settings settings) {
        return new WordDelimiterTokenFilterFactory(true, env, name, settings);
    }

    static WordDelimiterTokenFilterFactory legacy(IndexSettings is, Environment env, String name, Settings settings) {
        return new WordDelimiterTokenFilterFactory(false, env, name, settings);
    }

    private static int flag(Settings settings, String key, boolean def, int bit) {
        return settings.getAsBoolean(key, def) ? bit : 0;
    }

    @Override
    @SuppressWarnings("deprecation")
    public TokenStream create(TokenStream tokenStream) {
        if (graph) {
            return new WordDelimiterGraphFilter(tokenStream, adjustOffsets, charTypeTable, flags, protoWords);
        }
        return new WordDelimiterFilter(tokenStream, charTypeTable, flags, protoWords);
    }

    @Override
    public TokenFilterFactory getSynonymFilter() {
        throw new IllegalArgumentException("Token filter [" + name() + "] cannot be used to parse synonyms");
    }

    /** Rules "c => TYPE" with TYPE one of LOWER, UPPER, ALPHA, DIGIT, ALPHANUM, SUBWORD_DELIM. */
    private static byte[] parseTypes(List<String> rules) {
        SortedMap<Character, Byte> map = new TreeMap<>();
        for (String rule : rules) {
            int arrow = rule.indexOf("=>");
            if (arrow < 0) {
                throw new IllegalArgumentException("Invalid type table rule: [" + rule + "]");
            }
            String lhs = Rules.unescape(rule.substring(0, arrow).trim());
            String rhs = rule.substring(arrow + 2).trim().toUpperCase(Locale.ROOT);
            if (lhs.length() != 1) {
                throw new IllegalArgumentException("Invalid type table rule: [" + rule + "]: expected a single character");
            }
            byte type = switch (rhs) {
                case "LOWER" -> WordDelimiterFilter.LOWER;
                case "UPPER" -> WordDelimiterFilter.UPPER;
                case "ALPHA" -> WordDelimiterFilter.ALPHA;
                case "DIGIT" -> WordDelimiterFilter.DIGIT;
                case "ALPHANUM" -> WordDelimiterFilter.ALPHANUM;
                case "SUBWORD_DELIM" -> WordDelimiterFilter.SUBWORD_DELIM;
                default -> throw new IllegalArgumentException("Invalid type table rule: [" + rule + "]: unknown type [" + rhs + "]");
            };
            map.put(lhs.charAt(0), type);
        }
        byte[] defaults = WordDelimiterIterator.DEFAULT_WORD_DELIM_TABLE;
        int size = Math.max(map.lastKey() + 1, defaults.length);
        byte[] table = new byte[size];
        for (int i = 0; i < size; i++) {
            table[i] = i < defaults.length ? defaults[i] : WordDelimiterIterator.getType(i);
        }
        map.forEach((c, t) -> table[c] = t);
        return table;
    }
}
