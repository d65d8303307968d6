package local.articles.analysis;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.ar.ArabicStemFilter;
import org.apache.lucene.analysis.bg.BulgarianStemFilter;
import org.apache.lucene.analysis.bn.BengaliStemFilter;
import org.apache.lucene.analysis.br.BrazilianStemFilter;
import org.apache.lucene.analysis.ckb.SoraniStemFilter;
import org.apache.lucene.analysis.cz.CzechStemFilter;
import org.apache.lucene.analysis.de.GermanLightStemFilter;
import org.apache.lucene.analysis.de.GermanMinimalStemFilter;
import org.apache.lucene.analysis.el.GreekStemFilter;
import org.apache.lucene.analysis.en.EnglishMinimalStemFilter;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.KStemFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.es.SpanishLightStemFilter;
import org.apache.lucene.analysis.es.SpanishPluralStemFilter;
import org.apache.lucene.analysis.fa.PersianStemFilter;
import org.apache.lucene.analysis.fi.FinnishLightStemFilter;
import org.apache.lucene.analysis.fr.FrenchLightStemFilter;
import org.apache.lucene.analysis.fr.FrenchMinimalStemFilter;
import org.apache.lucene.analysis.gl.GalicianMinimalStemFilter;
import org.apache.lucene.analysis.gl.GalicianStemFilter;
import org.apache.lucene.analysis.hi.HindiStemFilter;
import org.apache.lucene.analysis.hu.HungarianLightStemFilter;
import org.apache.lucene.analysis.id.IndonesianStemFilter;
import org.apache.lucene.analysis.it.ItalianLightStemFilter;
import org.apache.lucene.analysis.lv.LatvianStemFilter;
import org.apache.lucene.analysis.no.NorwegianLightStemFilter;
import org.apache.lucene.analysis.no.NorwegianLightStemmer;
import org.apache.lucene.analysis.no.NorwegianMinimalStemFilter;
import org.apache.lucene.analysis.pt.PortugueseLightStemFilter;
import org.apache.lucene.analysis.pt.PortugueseMinimalStemFilter;
import org.apache.lucene.analysis.pt.PortugueseStemFilter;
import org.apache.lucene.analysis.ru.RussianLightStemFilter;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.apache.lucene.analysis.sv.SwedishLightStemFilter;
import org.apache.lucene.analysis.sv.SwedishMinimalStemFilter;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.AbstractTokenFilterFactory;
import org.tartarus.snowball.SnowballStemmer;
import org.tartarus.snowball.ext.ArmenianStemmer;
import org.tartarus.snowball.ext.BasqueStemmer;
import org.tartarus.snowball.ext.CatalanStemmer;
import org.tartarus.snowball.ext.DanishStemmer;
import org.tartarus.snowball.ext.DutchStemmer;
import org.tartarus.snowball.ext.EnglishStemmer;
import org.tartarus.snowball.ext.EstonianStemmer;
import org.tartarus.snowball.ext.FinnishStemmer;
import org.tartarus.snowball.ext.FrenchStemmer;
import org.tartarus.snowball.ext.GermanStemmer;
import org.tartarus.snowball.ext.HungarianStemmer;
import org.tartarus.snowball.ext.IrishStemmer;
import org.tartarus.snowball.ext.ItalianStemmer;
import org.tartarus.snowball.ext.LithuanianStemmer;
import org.tartarus.snowball.ext.NorwegianStemmer;
import org.tartarus.snowball.ext.PortugueseStemmer;
import org.tartarus.snowball.ext.RomanianStemmer;
import org.tartarus.snowball.ext.RussianStemmer;
import org.tartarus.snowball.ext.SerbianStemmer;
import org.tartarus.snowball.ext.SpanishStemmer;
import org.tartarus.snowball.ext.SwedishStemmer;
import org.tartarus.snowball.ext.TurkishStemmer;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * token filter {@code stemmer}: setting {@code language} (or its alias {@code name}), default {@code porter}.
 * The language is resolved when the index is created, so an unknown language fails index creation.
 */
final class StemmerTokenFilterFactory extends AbstractTokenFilterFactory {

    private static final Map<String, Function<TokenStream, TokenStream>> STEMMERS = new TreeMap<>();

    private static void snowball(String language, Supplier<SnowballStemmer> stemmer) {
        STEMMERS.put(language, in -> new SnowballFilter(in, stemmer.get()));
    }

    static {
        // English
        STEMMERS.put("english", PorterStemFilter::new);
        STEMMERS.put("porter", PorterStemFilter::new);
        STEMMERS.put("light_english", KStemFilter::new);
        STEMMERS.put("kstem", KStemFilter::new);
        STEMMERS.put("minimal_english", EnglishMinimalStemFilter::new);
        STEMMERS.put("possessive_english", EnglishPossessiveFilter::new);
        snowball("porter2", EnglishStemmer::new);
        // Other languages (best effort, same Lucene stemmers as the documented ones)
        STEMMERS.put("arabic", ArabicStemFilter::new);
        snowball("armenian", ArmenianStemmer::new);
        snowball("basque", BasqueStemmer::new);
        STEMMERS.put("bengali", BengaliStemFilter::new);
        STEMMERS.put("brazilian", BrazilianStemFilter::new);
        STEMMERS.put("bulgarian", BulgarianStemFilter::new);
        snowball("catalan", CatalanStemmer::new);
        STEMMERS.put("czech", CzechStemFilter::new);
        snowball("danish", DanishStemmer::new);
        snowball("dutch", DutchStemmer::new);
        snowball("estonian", EstonianStemmer::new);
        snowball("finnish", FinnishStemmer::new);
        STEMMERS.put("light_finnish", FinnishLightStemFilter::new);
        snowball("french", FrenchStemmer::new);
        STEMMERS.put("light_french", FrenchLightStemFilter::new);
        STEMMERS.put("minimal_french", FrenchMinimalStemFilter::new);
        STEMMERS.put("galician", GalicianStemFilter::new);
        STEMMERS.put("minimal_galician", GalicianMinimalStemFilter::new);
        snowball("german", GermanStemmer::new);
        STEMMERS.put("light_german", GermanLightStemFilter::new);
        STEMMERS.put("minimal_german", GermanMinimalStemFilter::new);
        STEMMERS.put("greek", GreekStemFilter::new);
        STEMMERS.put("hindi", HindiStemFilter::new);
        snowball("hungarian", HungarianStemmer::new);
        STEMMERS.put("light_hungarian", HungarianLightStemFilter::new);
        STEMMERS.put("indonesian", IndonesianStemFilter::new);
        snowball("irish", IrishStemmer::new);
        snowball("italian", ItalianStemmer::new);
        STEMMERS.put("light_italian", ItalianLightStemFilter::new);
        STEMMERS.put("sorani", SoraniStemFilter::new);
        STEMMERS.put("latvian", LatvianStemFilter::new);
        snowball("lithuanian", LithuanianStemmer::new);
        snowball("norwegian", NorwegianStemmer::new);
        STEMMERS.put("light_norwegian", NorwegianLightStemFilter::new);
        STEMMERS.put("minimal_norwegian", NorwegianMinimalStemFilter::new);
        STEMMERS.put("light_nynorsk", in -> new NorwegianLightStemFilter(in, NorwegianLightStemmer.NYNORSK));
        STEMMERS.put("minimal_nynorsk", in -> new NorwegianMinimalStemFilter(in, NorwegianLightStemmer.NYNORSK));
        snowball("portuguese", PortugueseStemmer::new);
        STEMMERS.put("light_portuguese", PortugueseLightStemFilter::new);
        STEMMERS.put("minimal_portuguese", PortugueseMinimalStemFilter::new);
        STEMMERS.put("portuguese_rslp", PortugueseStemFilter::new);
        STEMMERS.put("persian", PersianStemFilter::new);
        snowball("romanian", RomanianStemmer::new);
        snowball("russian", RussianStemmer::new);
        STEMMERS.put("light_russian", RussianLightStemFilter::new);
        snowball("serbian", SerbianStemmer::new);
        snowball("spanish", SpanishStemmer::new);
        STEMMERS.put("light_spanish", SpanishLightStemFilter::new);
        STEMMERS.put("spanish_plural", SpanishPluralStemFilter::new);
        snowball("swedish", SwedishStemmer::new);
        STEMMERS.put("light_swedish", SwedishLightStemFilter::new);
        STEMMERS.put("minimal_swedish", SwedishMinimalStemFilter::new);
        snowball("turkish", TurkishStemmer::new);
    }

    private final String language;
    private final Function<TokenStream, TokenStream> stemmer;

    StemmerTokenFilterFactory(IndexSettings indexSettings, Environment env, String name, Settings settings) {
        super(name, settings);
        String lang = settings.get("language", settings.get("name", "porter"));
        this.language = lang.toLowerCase(Locale.ROOT);
        this.stemmer = STEMMERS.get(language);
        if (stemmer == null) {
            throw new IllegalArgumentException(
                "Unknown stemmer language [" + lang + "] for token filter [" + name + "]; supported: " + STEMMERS.keySet()
            );
        }
    }

    @Override
    public TokenStream create(TokenStream tokenStream) {
        return stemmer.apply(tokenStream);
    }
}
