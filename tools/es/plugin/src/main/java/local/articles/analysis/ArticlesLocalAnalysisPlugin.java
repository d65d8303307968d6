package local.articles.analysis;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.classic.ClassicTokenizer;
import org.apache.lucene.analysis.core.KeywordTokenizer;
import org.apache.lucene.analysis.core.LetterTokenizer;
import org.apache.lucene.analysis.core.WhitespaceTokenizer;
import org.apache.lucene.analysis.email.UAX29URLEmailTokenizer;
import org.apache.lucene.analysis.pattern.PatternTokenizer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.KStemFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.miscellaneous.LengthFilter;
import org.apache.lucene.analysis.miscellaneous.TrimFilter;
import org.apache.lucene.analysis.miscellaneous.TruncateTokenFilter;
import org.apache.lucene.analysis.pattern.PatternReplaceFilter;
import org.apache.lucene.analysis.reverse.ReverseStringFilter;
import org.elasticsearch.common.regex.Regex;
import org.elasticsearch.index.analysis.AnalyzerProvider;
import org.elasticsearch.index.analysis.CharFilterFactory;
import org.elasticsearch.index.analysis.PreBuiltAnalyzerProviderFactory;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.index.analysis.TokenizerFactory;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.elasticsearch.indices.analysis.PreBuiltCacheFactory.CachingStrategy;
import org.elasticsearch.index.mapper.Mapper;
import org.elasticsearch.plugins.AnalysisPlugin;
import org.elasticsearch.plugins.MapperPlugin;
import org.elasticsearch.plugins.Plugin;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import static org.elasticsearch.plugins.AnalysisPlugin.requiresAnalysisSettings;

/**
 * Registers, under the names and settings of Elastic's analysis-common module, the analysis components
 * our index template uses. For the LOCAL integ-test distribution only: on a full distribution the
 * analysis-common module already registers these names and the node would refuse to start.
 * Also registers the mapper-extras field type {@code search_as_you_type} (see {@link SearchAsYouTypeMapper}).
 */
public class ArticlesLocalAnalysisPlugin extends Plugin implements AnalysisPlugin, MapperPlugin {

    @Override
    public Map<String, Mapper.TypeParser> getMappers() {
        return Map.of(SearchAsYouTypeMapper.CONTENT_TYPE, SearchAsYouTypeMapper.PARSER);
    }


    @Override
    public Map<String, AnalysisProvider<CharFilterFactory>> getCharFilters() {
        Map<String, AnalysisProvider<CharFilterFactory>> m = new TreeMap<>();
        m.put("mapping", requiresAnalysisSettings(MappingCharFilterFactory::new));
        m.put("html_strip", CharFilters.HtmlStrip::new);
        m.put("pattern_replace", requiresAnalysisSettings(CharFilters.PatternReplace::new));
        return m;
    }

    @Override
    public Map<String, AnalysisProvider<TokenFilterFactory>> getTokenFilters() {
        Map<String, AnalysisProvider<TokenFilterFactory>> m = new TreeMap<>();
        m.put("stemmer", StemmerTokenFilterFactory::new);
        m.put("porter_stem", (is, env, name, s) -> new SimpleTokenFilterFactory(name, s, PorterStemFilter::new));
        m.put("kstem", (is, env, name, s) -> new SimpleTokenFilterFactory(name, s, KStemFilter::new));
        m.put("asciifolding", AsciiFoldingTokenFilterFactory::new);
        m.put("edge_ngram", NGramTokenFilterFactories.Edge::new);
        m.put("ngram", NGramTokenFilterFactories.Plain::new);
        m.put("trim", (is, env, name, s) -> new SimpleTokenFilterFactory.Normalizing(name, s, TrimFilter::new));
        m.put("unique", (is, env, name, s) -> {
            boolean samePos = s.getAsBoolean("only_on_same_position", false);
            return new SimpleTokenFilterFactory(name, s, in -> new UniqueTokenFilter(in, samePos));
        });
        m.put("word_delimiter_graph", WordDelimiterTokenFilterFactory::graph);
        m.put("word_delimiter", WordDelimiterTokenFilterFactory::legacy);
        m.put("length", (is, env, name, s) -> {
            int min = s.getAsInt("min", 0);
            int max = s.getAsInt("max", Integer.MAX_VALUE);
            return new SimpleTokenFilterFactory(name, s, in -> new LengthFilter(in, min, max));
        });
        m.put("truncate", (is, env, name, s) -> {
            int length = s.getAsInt("length", 10);
            if (length <= 0) {
                throw new IllegalArgumentException("length parameter must be provided and > 0 for [" + name + "]");
            }
            return new SimpleTokenFilterFactory.Normalizing(name, s, in -> new TruncateTokenFilter(in, length));
        });
        m.put("reverse", (is, env, name, s) -> new SimpleTokenFilterFactory(name, s, ReverseStringFilter::new));
        m.put("pattern_replace", requiresAnalysisSettings((is, env, name, s) -> {
            String p = s.get("pattern");
            if (p == null) {
                throw new IllegalArgumentException("pattern is missing for [" + name + "] token filter of type 'pattern_replace'");
            }
            Pattern pattern = Regex.compile(p, s.get("flags"));
            String replacement = s.get("replacement", "");
            boolean all = s.getAsBoolean("all", true);
            return new SimpleTokenFilterFactory.Normalizing(name, s, in -> new PatternReplaceFilter(in, pattern, replacement, all));
        }));
        return m;
    }

    @Override
    public Map<String, AnalysisProvider<TokenizerFactory>> getTokenizers() {
        Map<String, AnalysisProvider<TokenizerFactory>> m = new TreeMap<>();
        m.put("edge_ngram", NGramTokenizerFactories.Edge::new);
        m.put("ngram", NGramTokenizerFactories.Plain::new);
        m.put("keyword", (is, env, name, s) -> {
            int bufferSize = s.getAsInt("buffer_size", 256);
            return TokenizerFactory.newFactory(name, () -> new KeywordTokenizer(bufferSize));
        });
        m.put("whitespace", (is, env, name, s) -> {
            int maxLen = s.getAsInt("max_token_length", 255);
            return TokenizerFactory.newFactory(name, () -> new WhitespaceTokenizer(maxLen));
        });
        m.put("letter", (is, env, name, s) -> TokenizerFactory.newFactory(name, LetterTokenizer::new));
        m.put("classic", (is, env, name, s) -> {
            int maxLen = s.getAsInt("max_token_length", 255);
            return TokenizerFactory.newFactory(name, () -> {
                ClassicTokenizer t = new ClassicTokenizer();
                t.setMaxTokenLength(maxLen);
                return t;
            });
        });
        m.put("uax_url_email", (is, env, name, s) -> {
            int maxLen = s.getAsInt("max_token_length", 255);
            return TokenizerFactory.newFactory(name, () -> {
                UAX29URLEmailTokenizer t = new UAX29URLEmailTokenizer();
                t.setMaxTokenLength(maxLen);
                return t;
            });
        });
        m.put("pattern", (is, env, name, s) -> {
            Pattern pattern = Regex.compile(s.get("pattern", "\\W+"), s.get("flags"));
            int group = s.getAsInt("group", -1);
            return TokenizerFactory.newFactory(name, () -> new PatternTokenizer(pattern, group));
        });
        return m;
    }

    @Override
    public Map<String, AnalysisProvider<AnalyzerProvider<? extends Analyzer>>> getAnalyzers() {
        return Map.of("english", EnglishAnalyzerProvider::new);
    }

    @Override
    public List<PreBuiltAnalyzerProviderFactory> getPreBuiltAnalyzerProviderFactories() {
        // lets mappings say "analyzer": "english" without defining it in the index settings
        return List.of(new PreBuiltAnalyzerProviderFactory("english", CachingStrategy.LUCENE, EnglishAnalyzer::new));
    }
}
