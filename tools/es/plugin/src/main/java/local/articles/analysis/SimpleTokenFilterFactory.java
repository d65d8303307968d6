package local.articles.analysis;

import org.apache.lucene.analysis.TokenStream;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.index.analysis.AbstractTokenFilterFactory;
import org.elasticsearch.index.analysis.NormalizingTokenFilterFactory;

import java.util.function.Function;

/** A token filter factory wrapping a fixed Lucene filter (settings already read by the caller). */
class SimpleTokenFilterFactory extends AbstractTokenFilterFactory {

    private final Function<TokenStream, TokenStream> filter;

    SimpleTokenFilterFactory(String name, Settings settings, Function<TokenStream, TokenStream> filter) {
        super(name, settings);
        this.filter = filter;
    }

    @Override
    public TokenStream create(TokenStream tokenStream) {
        return filter.apply(tokenStream);
    }

    /** Variant that may also be used in normalizers (per-character filters such as trim). */
    static final class Normalizing extends SimpleTokenFilterFactory implements NormalizingTokenFilterFactory {
        Normalizing(String name, Settings settings, Function<TokenStream, TokenStream> filter) {
            super(name, settings, filter);
        }
    }
}
