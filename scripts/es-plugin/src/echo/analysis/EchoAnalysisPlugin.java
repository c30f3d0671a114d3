/*
 * echo-analysis: stand-ins for two modules the integ-test-zip distribution of Elasticsearch
 * lacks (see the README's services section). Built by scripts/services/elasticsearch.sh
 * against the distribution's own jars (Lucene's analysis-common jar ships in its lib/).
 *
 * Analysis (mirrors analysis-common's settings: min_gram/max_gram with the
 * index.max_ngram_diff check, preserve_original):
 *   asciifolding, ngram, edge_ngram (filters and tokenizers, configurable and pre-configured),
 *   elision and the French stemmers (light_french, minimal_french, french) that
 *   search/index_settings.py uses.
 * REST: GET / and HEAD / (es.info(), es.ping()), as rest-root serves them.
 */
package echo.analysis;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.analysis.fr.FrenchLightStemFilter;
import org.apache.lucene.analysis.fr.FrenchMinimalStemFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenFilter;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenizer;
import org.apache.lucene.analysis.ngram.NGramTokenFilter;
import org.apache.lucene.analysis.ngram.NGramTokenizer;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.apache.lucene.analysis.util.ElisionFilter;
import org.elasticsearch.cluster.metadata.IndexNameExpressionResolver;
import org.elasticsearch.cluster.node.DiscoveryNodes;
import org.elasticsearch.cluster.service.ClusterService;
import org.elasticsearch.common.io.stream.NamedWriteableRegistry;
import org.elasticsearch.common.settings.ClusterSettings;
import org.elasticsearch.common.settings.IndexScopedSettings;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.common.settings.SettingsFilter;
import org.elasticsearch.features.NodeFeature;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.PreConfiguredTokenFilter;
import org.elasticsearch.index.analysis.PreConfiguredTokenizer;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.index.analysis.TokenizerFactory;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.elasticsearch.plugins.ActionPlugin;
import org.elasticsearch.plugins.AnalysisPlugin;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.rest.RestController;
import org.elasticsearch.rest.RestHandler;

public class EchoAnalysisPlugin extends Plugin implements AnalysisPlugin, ActionPlugin {

    private volatile ClusterService clusterService;

    @Override
    public Collection<?> createComponents(PluginServices services) {
        clusterService = services.clusterService();
        return List.of();
    }

    /** GET / and HEAD / (info, ping), like the rest-root module: see RootInfoHandler. */
    @Override
    public Collection<RestHandler> getRestHandlers(Settings settings, NamedWriteableRegistry registry,
            RestController controller, ClusterSettings clusterSettings, IndexScopedSettings indexScopedSettings,
            SettingsFilter settingsFilter, IndexNameExpressionResolver resolver,
            Supplier<DiscoveryNodes> nodes, Predicate<NodeFeature> features) {
        return List.of(new RootInfoHandler(() -> clusterService));
    }

    private static int[] grams(IndexSettings index, String name, Settings s, int dMin, int dMax) {
        int min = s.getAsInt("min_gram", dMin);
        int max = s.getAsInt("max_gram", dMax);
        if (index != null && max - min > index.getMaxNgramDiff()) {
            throw new IllegalArgumentException("The difference between max_gram and min_gram in NGram ["
                + name + "] must be less than or equal to: [" + index.getMaxNgramDiff() + "] but was ["
                + (max - min) + "]. This limit can be set by changing the ["
                + IndexSettings.MAX_NGRAM_DIFF_SETTING.getKey() + "] index level setting.");
        }
        return new int[] { min, max };
    }

    private static TokenFilterFactory filter(String name, boolean multiTerm,
                                             java.util.function.Function<TokenStream, TokenStream> f) {
        return new TokenFilterFactory() {
            public String name() { return name; }
            public TokenStream create(TokenStream in) { return f.apply(in); }
            public TokenStream normalize(TokenStream in) { return multiTerm ? f.apply(in) : in; }
        };
    }

    @Override
    public Map<String, AnalysisProvider<TokenFilterFactory>> getTokenFilters() {
        return Map.of(
            "asciifolding", (idx, env, name, s) -> {
                boolean keep = s.getAsBoolean("preserve_original", false);
                return filter(name, true, in -> new ASCIIFoldingFilter(in, keep));
            },
            "ngram", (idx, env, name, s) -> {
                int[] g = grams(idx, name, s, 1, 2);
                boolean keep = s.getAsBoolean("preserve_original", false);
                return filter(name, false, in -> new NGramTokenFilter(in, g[0], g[1], keep));
            },
            "edge_ngram", (idx, env, name, s) -> {
                int[] g = grams(null, name, s, 1, 2);
                boolean keep = s.getAsBoolean("preserve_original", false);
                return filter(name, false, in -> new EdgeNGramTokenFilter(in, g[0], g[1], keep));
            },
            // French analysis of the search app's index settings (search/index_settings.py):
            // elision (l'étoile -> étoile) and the French stemmers (étoiles -> etoil).
            "elision", (idx, env, name, s) -> {
                List<String> list = s.getAsList("articles", null);
                boolean ignoreCase = s.getAsBoolean("articles_case", false);
                CharArraySet articles = list == null
                    ? FrenchAnalyzer.DEFAULT_ARTICLES : new CharArraySet(list, ignoreCase);
                return filter(name, true, in -> new ElisionFilter(in, articles));
            },
            "stemmer", (idx, env, name, s) -> {
                String language = s.get("language", s.get("name", "light_french"));
                switch (language) {
                    case "light_french": return filter(name, false, FrenchLightStemFilter::new);
                    case "minimal_french": return filter(name, false, FrenchMinimalStemFilter::new);
                    case "french": return filter(name, false,
                        in -> new SnowballFilter(in, new org.tartarus.snowball.ext.FrenchStemmer()));
                    default: throw new IllegalArgumentException("stemmer [" + name
                        + "]: only the French stemmers are available here, not [" + language + "]");
                }
            });
    }

    @Override
    public Map<String, AnalysisProvider<TokenizerFactory>> getTokenizers() {
        return Map.of(
            "ngram", (idx, env, name, s) -> {
                int[] g = grams(idx, name, s, 1, 2);
                return TokenizerFactory.newFactory(name, () -> new NGramTokenizer(g[0], g[1]));
            },
            "edge_ngram", (idx, env, name, s) -> {
                int[] g = grams(null, name, s, 1, 2);
                return TokenizerFactory.newFactory(name, () -> new EdgeNGramTokenizer(g[0], g[1]));
            });
    }

    @Override
    public List<PreConfiguredTokenFilter> getPreConfiguredTokenFilters() {
        return List.of(
            PreConfiguredTokenFilter.singleton("asciifolding", true, ASCIIFoldingFilter::new),
            PreConfiguredTokenFilter.singleton("ngram", false, false, in -> new NGramTokenFilter(in, 1, 2, false)),
            PreConfiguredTokenFilter.singleton("edge_ngram", false, false,
                in -> new EdgeNGramTokenFilter(in, 1, 2, false)));
    }

    @Override
    public List<PreConfiguredTokenizer> getPreConfiguredTokenizers() {
        return List.of(
            PreConfiguredTokenizer.singleton("ngram", NGramTokenizer::new),
            PreConfiguredTokenizer.singleton("edge_ngram",
                () -> new EdgeNGramTokenizer(EdgeNGramTokenizer.DEFAULT_MIN_GRAM_SIZE,
                                             EdgeNGramTokenizer.DEFAULT_MAX_GRAM_SIZE)));
    }
}
