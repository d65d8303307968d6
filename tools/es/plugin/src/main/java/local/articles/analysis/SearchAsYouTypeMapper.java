package local.articles.analysis;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.AnalyzerWrapper;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.miscellaneous.RemoveDuplicatesTokenFilter;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenFilter;
import org.apache.lucene.analysis.shingle.ShingleFilter;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.MultiTermQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.elasticsearch.index.IndexVersion;
import org.elasticsearch.index.analysis.AnalyzerScope;
import org.elasticsearch.index.analysis.IndexAnalyzers;
import org.elasticsearch.index.analysis.NamedAnalyzer;
import org.elasticsearch.index.mapper.DocumentParserContext;
import org.elasticsearch.index.mapper.FieldMapper;
import org.elasticsearch.index.mapper.MappedFieldType;
import org.elasticsearch.index.mapper.MapperBuilderContext;
import org.elasticsearch.index.mapper.SourceValueFetcher;
import org.elasticsearch.index.mapper.StringFieldType;
import org.elasticsearch.index.mapper.TextFieldMapper;
import org.elasticsearch.index.mapper.TextParams;
import org.elasticsearch.index.mapper.TextSearchInfo;
import org.elasticsearch.index.mapper.ValueFetcher;
import org.elasticsearch.index.query.SearchExecutionContext;
import org.elasticsearch.index.similarity.SimilarityProvider;
import org.elasticsearch.xcontent.XContentBuilder;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Field type {@code search_as_you_type} (own implementation of the mapper-extras mapping syntax).
 *
 * <p>A field {@code title} indexes:
 * <ul>
 *   <li>{@code title}: the text, analyzed with {@code analyzer} (like a {@code text} field);</li>
 *   <li>{@code title._2gram} .. {@code title._Ngram} (N = {@code max_shingle_size}, 2..4, default 3):
 *       word shingles of exactly that size;</li>
 *   <li>{@code title._index_prefix}: edge n-grams (1..20 chars) of the word shingles of size 1..N starting
 *       at every position, so a prefix query on any of the fields above becomes one term query here.</li>
 * </ul>
 * Parameters: analyzer, search_analyzer, search_quote_analyzer, max_shingle_size, index, store,
 * index_options, norms, term_vector, similarity, meta (plus the generic fields / copy_to).
 */
final class SearchAsYouTypeMapper extends FieldMapper {

    static final String CONTENT_TYPE = "search_as_you_type";
    static final String PREFIX_SUFFIX = "._index_prefix";
    static final int PREFIX_MIN_CHARS = 1;
    static final int PREFIX_MAX_CHARS = 20;
    static final int MIN_SHINGLE = 2;
    static final int MAX_SHINGLE = 4;

    static final TypeParser PARSER = new TypeParser((n, c) -> new Builder(n, c.getIndexAnalyzers(), c.indexVersionCreated()));

    private static SearchAsYouTypeMapper cast(FieldMapper m) {
        return (SearchAsYouTypeMapper) m;
    }

    static final class Builder extends FieldMapper.Builder {
        private final IndexAnalyzers indexAnalyzers;
        private final IndexVersion indexCreatedVersion;

        final Parameter<Boolean> index = Parameter.indexParam(m -> cast(m).b.index.get(), true);
        final Parameter<Boolean> store = Parameter.storeParam(m -> cast(m).b.store.get(), false);
        final Parameter<String> indexOptions = TextParams.textIndexOptions(m -> cast(m).b.indexOptions.get());
        final Parameter<Boolean> norms = TextParams.norms(true, m -> cast(m).b.norms.get());
        final Parameter<String> termVectors = TextParams.termVectors(m -> cast(m).b.termVectors.get());
        final Parameter<SimilarityProvider> similarity = TextParams.similarity(m -> cast(m).b.similarity.get());
        final Parameter<Integer> maxShingleSize = Parameter.intParam("max_shingle_size", false, m -> cast(m).b.maxShingleSize.get(), 3)
            .addValidator(v -> {
                if (v < MIN_SHINGLE || v > MAX_SHINGLE) {
                    throw new IllegalArgumentException(
                        "[max_shingle_size] must be at least [" + MIN_SHINGLE + "] and at most [" + MAX_SHINGLE + "], got [" + v + "]"
                    );
                }
            });
        final TextParams.Analyzers analyzers;
        final Parameter<Map<String, String>> meta = Parameter.metaParam();

        Builder(String name, IndexAnalyzers indexAnalyzers, IndexVersion indexCreatedVersion) {
            super(name);
            this.indexAnalyzers = indexAnalyzers;
            this.indexCreatedVersion = indexCreatedVersion;
            this.analyzers = new TextParams.Analyzers(
                indexAnalyzers,
                m -> cast(m).b.analyzers.getIndexAnalyzer(),
                m -> cast(m).b.analyzers.positionIncrementGap.get(),
                indexCreatedVersion
            );
        }

        @Override
        protected Parameter<?>[] getParameters() {
            return new Parameter<?>[] {
                index,
                store,
                indexOptions,
                norms,
                termVectors,
                similarity,
                maxShingleSize,
                analyzers.indexAnalyzer,
                analyzers.searchAnalyzer,
                analyzers.searchQuoteAnalyzer,
                meta };
        }

        @Override
        public SearchAsYouTypeMapper build(MapperBuilderContext context) {
            String fullName = context.buildFullName(leafName());
            FieldType rootLucene = TextParams.buildFieldType(index, store, indexOptions, norms, termVectors);
            NamedAnalyzer indexAnalyzer = analyzers.getIndexAnalyzer();
            NamedAnalyzer searchAnalyzer = analyzers.getSearchAnalyzer();
            NamedAnalyzer searchQuoteAnalyzer = analyzers.getSearchQuoteAnalyzer();
            int maxShingle = maxShingleSize.get();
            String prefixName = fullName + PREFIX_SUFFIX;

            // _index_prefix
            FieldType prefixLucene = new FieldType();
            prefixLucene.setTokenized(true);
            prefixLucene.setIndexOptions(index.get() ? IndexOptions.DOCS : IndexOptions.NONE);
            prefixLucene.setOmitNorms(true);
            prefixLucene.setStored(false);
            prefixLucene.freeze();
            NamedAnalyzer prefixIndexAnalyzer = wrap(indexAnalyzer, "_index_prefix", in -> prefixes(in, maxShingle));
            PrefixFieldType prefixType = new PrefixFieldType(
                prefixName,
                index.get(),
                new TextSearchInfo(prefixLucene, similarity.get(), searchAnalyzer, searchQuoteAnalyzer),
                meta.get()
            );
            SubFieldMapper prefixMapper = new SubFieldMapper(
                leafName() + PREFIX_SUFFIX,
                prefixType,
                prefixLucene,
                Map.of(prefixName, prefixIndexAnalyzer)
            );

            // _2gram .. _Ngram
            FieldType shingleLucene = new FieldType(rootLucene);
            shingleLucene.setStored(false);
            shingleLucene.freeze();
            List<SubFieldMapper> shingleMappers = new ArrayList<>();
            for (int n = MIN_SHINGLE; n <= maxShingle; n++) {
                int size = n;
                String suffix = "._" + n + "gram";
                Function<TokenStream, TokenStream> shingles = in -> shingles(in, size);
                ShingleFieldType ft = new ShingleFieldType(
                    fullName + suffix,
                    index.get(),
                    new TextSearchInfo(
                        shingleLucene,
                        similarity.get(),
                        wrap(searchAnalyzer, "_" + n + "gram", shingles),
                        wrap(searchQuoteAnalyzer, "_" + n + "gram", shingles)
                    ),
                    meta.get(),
                    prefixType
                );
                shingleMappers.add(
                    new SubFieldMapper(
                        leafName() + suffix,
                        ft,
                        shingleLucene,
                        Map.of(fullName + suffix, wrap(indexAnalyzer, "_" + n + "gram", shingles))
                    )
                );
            }

            RootFieldType rootType = new RootFieldType(
                fullName,
                index.get(),
                store.get(),
                new TextSearchInfo(rootLucene, similarity.get(), searchAnalyzer, searchQuoteAnalyzer),
                meta.get(),
                prefixType
            );
            return new SearchAsYouTypeMapper(
                leafName(),
                rootType,
                builderParams(this, context),
                this,
                rootLucene,
                indexAnalyzer,
                prefixMapper,
                shingleMappers
            );
        }
    }

    // ---------------------------------------------------------------- analysis helpers

    static TokenStream shingles(TokenStream in, int size) {
        ShingleFilter f = new ShingleFilter(in, size, size);
        f.setOutputUnigrams(false);
        f.setOutputUnigramsIfNoShingles(false);
        return f;
    }

    static TokenStream prefixes(TokenStream in, int maxShingle) {
        ShingleFilter f = new ShingleFilter(in, 2, maxShingle);
        f.setOutputUnigrams(true);
        TokenStream grams = new EdgeNGramTokenFilter(f, PREFIX_MIN_CHARS, PREFIX_MAX_CHARS, false);
        return new RemoveDuplicatesTokenFilter(grams);
    }

    static NamedAnalyzer wrap(NamedAnalyzer base, String suffix, Function<TokenStream, TokenStream> extra) {
        Analyzer wrapper = new AnalyzerWrapper(Analyzer.PER_FIELD_REUSE_STRATEGY) {
            @Override
            protected Analyzer getWrappedAnalyzer(String fieldName) {
                return base;
            }

            @Override
            protected TokenStreamComponents wrapComponents(String fieldName, TokenStreamComponents components) {
                return new TokenStreamComponents(components.getSource(), extra.apply(components.getTokenStream()));
            }
        };
        return new NamedAnalyzer(base.name() + suffix, AnalyzerScope.INDEX, wrapper);
    }

    /** A prefix of at most PREFIX_MAX_CHARS chars (case-sensitive) is one term of the _index_prefix field. */
    static Query prefixViaIndexPrefix(PrefixFieldType prefixType, String value, boolean caseInsensitive) {
        if (prefixType == null || prefixType.isSearchable() == false || caseInsensitive) {
            return null;
        }
        int len = value.codePointCount(0, value.length());
        if (len < PREFIX_MIN_CHARS || len > PREFIX_MAX_CHARS) {
            return null;
        }
        return new ConstantScoreQuery(new TermQuery(new Term(prefixType.name(), value)));
    }

    // ---------------------------------------------------------------- field types

    /** The root field: a text field whose prefix queries go to _index_prefix. */
    static final class RootFieldType extends TextFieldMapper.TextFieldType {
        private final PrefixFieldType prefixType;

        RootFieldType(String name, boolean indexed, boolean stored, TextSearchInfo tsi, Map<String, String> meta, PrefixFieldType p) {
            super(name, indexed, stored, tsi, false, null, meta, false, false);
            this.prefixType = p;
        }

        @Override
        public String typeName() {
            return CONTENT_TYPE;
        }

        @Override
        public Query prefixQuery(String value, MultiTermQuery.RewriteMethod method, boolean caseInsensitive, SearchExecutionContext ctx) {
            Query q = prefixViaIndexPrefix(prefixType, value, caseInsensitive);
            return q != null ? q : super.prefixQuery(value, method, caseInsensitive, ctx);
        }
    }

    /** title._Ngram: shingles of one size; searched with the search analyzer + the same shingles. */
    static final class ShingleFieldType extends StringFieldType {
        private final PrefixFieldType prefixType;

        ShingleFieldType(String name, boolean indexed, TextSearchInfo tsi, Map<String, String> meta, PrefixFieldType p) {
            super(name, indexed, false, false, tsi, meta);
            this.prefixType = p;
        }

        @Override
        public String typeName() {
            return CONTENT_TYPE;
        }

        @Override
        public ValueFetcher valueFetcher(SearchExecutionContext context, String format) {
            // like other synthetic sub-fields, nothing of its own in _source: the fields API returns the root only
            return SourceValueFetcher.toString(name(), context, format);
        }

        @Override
        public Query prefixQuery(String value, MultiTermQuery.RewriteMethod method, boolean caseInsensitive, SearchExecutionContext ctx) {
            Query q = prefixViaIndexPrefix(prefixType, value, caseInsensitive);
            return q != null ? q : super.prefixQuery(value, method, caseInsensitive, ctx);
        }
    }

    /** title._index_prefix: edge n-grams of shingles. */
    static final class PrefixFieldType extends StringFieldType {
        PrefixFieldType(String name, boolean indexed, TextSearchInfo tsi, Map<String, String> meta) {
            super(name, indexed, false, false, tsi, meta);
        }

        @Override
        public String typeName() {
            return CONTENT_TYPE;
        }

        @Override
        public ValueFetcher valueFetcher(SearchExecutionContext context, String format) {
            return SourceValueFetcher.toString(name(), context, format);
        }
    }

    // ---------------------------------------------------------------- sub-field mapper

    /** Registers a subfield's type and index analyzer; its Lucene field is added by the root mapper. */
    static final class SubFieldMapper extends FieldMapper {
        final FieldType luceneType;
        private final Map<String, NamedAnalyzer> analyzers;

        SubFieldMapper(String leafName, MappedFieldType type, FieldType luceneType, Map<String, NamedAnalyzer> analyzers) {
            super(leafName, type, BuilderParams.empty());
            this.luceneType = luceneType;
            this.analyzers = analyzers;
        }

        void addField(DocumentParserContext context, String value) {
            if (luceneType.indexOptions() != IndexOptions.NONE) {
                context.doc().add(new Field(fieldType().name(), value, luceneType));
            }
        }

        @Override
        public Map<String, NamedAnalyzer> indexAnalyzers() {
            return analyzers;
        }

        @Override
        protected void parseCreateField(DocumentParserContext context) {
            throw new UnsupportedOperationException("[" + fullPath() + "] is indexed through its parent field");
        }

        @Override
        protected String contentType() {
            return CONTENT_TYPE;
        }

        @Override
        public FieldMapper.Builder getMergeBuilder() {
            return null; // never merged on its own: rebuilt by the parent
        }

        @Override
        public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
            return builder.startObject(leafName()).field("type", CONTENT_TYPE).endObject();
        }
    }

    // ---------------------------------------------------------------- root mapper

    private final Builder b;
    private final FieldType rootLucene;
    private final NamedAnalyzer indexAnalyzer;
    private final SubFieldMapper prefixMapper;
    private final List<SubFieldMapper> shingleMappers;

    private SearchAsYouTypeMapper(
        String leafName,
        RootFieldType type,
        BuilderParams params,
        Builder b,
        FieldType rootLucene,
        NamedAnalyzer indexAnalyzer,
        SubFieldMapper prefixMapper,
        List<SubFieldMapper> shingleMappers
    ) {
        super(leafName, type, params);
        this.b = b;
        this.rootLucene = rootLucene;
        this.indexAnalyzer = indexAnalyzer;
        this.prefixMapper = prefixMapper;
        this.shingleMappers = List.copyOf(shingleMappers);
    }

    @Override
    protected void parseCreateField(DocumentParserContext context) throws IOException {
        String value = context.parser().textOrNull();
        if (value == null) {
            return;
        }
        if (rootLucene.indexOptions() != IndexOptions.NONE || rootLucene.stored()) {
            context.doc().add(new Field(fieldType().name(), value, rootLucene));
            if (rootLucene.omitNorms()) {
                context.addToFieldNames(fieldType().name());
            }
        }
        for (SubFieldMapper m : shingleMappers) {
            m.addField(context, value);
        }
        prefixMapper.addField(context, value);
    }

    @Override
    public Map<String, NamedAnalyzer> indexAnalyzers() {
        Map<String, NamedAnalyzer> m = new HashMap<>();
        m.put(fieldType().name(), indexAnalyzer);
        return m;
    }

    @Override
    public Iterator<org.elasticsearch.index.mapper.Mapper> iterator() {
        List<org.elasticsearch.index.mapper.Mapper> children = new ArrayList<>();
        multiFieldsIterator().forEachRemaining(children::add);
        children.add(prefixMapper);
        children.addAll(shingleMappers);
        return children.iterator();
    }

    @Override
    protected String contentType() {
        return CONTENT_TYPE;
    }

    @Override
    public FieldMapper.Builder getMergeBuilder() {
        return new Builder(leafName(), b.indexAnalyzers, b.indexCreatedVersion).init(this);
    }
}
