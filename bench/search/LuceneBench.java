// Lucene peer for the search benchmark: Lucene 9.12's DanishAnalyzer (standard
// tokenizer, lower case, Snowball Danish stop words and stemmer), one indexing thread.
//
//   java -cp LIBS:CLASSES LuceneBench index CORPUS.jsonl INDEX_DIR   > ingest.json
//   java -cp LIBS:CLASSES LuceneBench query INDEX_DIR QUERIES.jsonl ROUNDS > latencies.jsonl
//
// index: reads the JSON Lines corpus (id, date, sources, title, text) and writes one
//   Lucene document per article: id (StringField, stored), text (TextField, stored;
//   a title, when given, is indexed into the same field), date (stored), month as
//   YYYYMM (IntPoint for ranges + NumericDocValues for the month facet), each source
//   (StringField for filters + SortedSetDocValues for the source facet). One thread:
//   SerialMergeScheduler, so merges also run on the indexing thread. The clock runs
//   from opening the corpus to the end of the commit.
// query: one warm-up pass, then ROUNDS timed passes over the query set, one line a
//   query with its latencies (ms: parse, search, top 10 ids from stored fields, facet
//   counts) and its hit count (counted afterwards, untimed). The query cache is off, so
//   repeated rounds do not reuse cached filter clauses.

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.da.DanishAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedSetDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.SerialMergeScheduler;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Collector;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.MultiCollectorManager;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopScoreDocCollectorManager;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.Version;

public final class LuceneBench {
  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    if (args.length == 3 && args[0].equals("index")) {
      index(Paths.get(args[1]), Paths.get(args[2]), out);
    } else if (args.length == 4 && args[0].equals("query")) {
      query(Paths.get(args[1]), Paths.get(args[2]), Integer.parseInt(args[3]), out);
    } else {
      System.err.println("usage: LuceneBench index CORPUS INDEX_DIR | query INDEX_DIR QUERIES ROUNDS");
      System.exit(2);
    }
    out.flush();
  }

  // ---------------------------------------------------------------- indexing

  static int monthOf(String date) {
    // "YYYY-MM" or "YYYY-MM-DD" -> YYYYMM
    return Integer.parseInt(date.substring(0, 4)) * 100 + Integer.parseInt(date.substring(5, 7));
  }

  static void index(Path corpus, Path dir, PrintStream out) throws IOException {
    long t0 = System.nanoTime();
    int n = 0;
    IndexWriterConfig config = new IndexWriterConfig(new DanishAnalyzer());
    config.setOpenMode(IndexWriterConfig.OpenMode.CREATE);
    config.setRAMBufferSizeMB(256);
    config.setMergeScheduler(new SerialMergeScheduler());
    try (FSDirectory fs = FSDirectory.open(dir);
        IndexWriter writer = new IndexWriter(fs, config);
        BufferedReader in = Files.newBufferedReader(corpus, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.isBlank()) continue;
        Map<String, Object> rec = Json.parseObject(line);
        Document doc = new Document();
        doc.add(new StringField("id", (String) rec.get("id"), Field.Store.YES));
        Object title = rec.get("title");
        if (title instanceof String) {
          doc.add(new StoredField("title", (String) title));
          doc.add(new TextField("text", (String) title, Field.Store.NO));
        }
        doc.add(new TextField("text", (String) rec.get("text"), Field.Store.YES));
        Object date = rec.get("date");
        if (date instanceof String) {
          doc.add(new StoredField("date", (String) date));
          int month = monthOf((String) date);
          doc.add(new IntPoint("month", month));
          doc.add(new NumericDocValuesField("month", month));
        }
        Object sources = rec.get("sources");
        if (sources instanceof List) {
          for (Object s : (List<?>) sources) {
            String src = (String) s;
            doc.add(new StringField("source", src, Field.Store.YES));
            doc.add(new SortedSetDocValuesField("source", new BytesRef(src)));
          }
        }
        writer.addDocument(doc);
        n++;
      }
      writer.commit();
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    long total = 0;
    Map<String, Long> byExt = new TreeMap<>();
    int segments = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        long size = Files.size(f);
        total += size;
        String name = f.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? name : name.substring(dot + 1);
        byExt.merge(ext, size, Long::sum);
        if (ext.equals("si")) segments++;
      }
    }
    StringBuilder sb = new StringBuilder();
    sb.append("{\"engine\":\"lucene\",\"version\":").append(Json.str(Version.LATEST.toString()));
    sb.append(",\"articles_loaded\":").append(n);
    sb.append(",\"ingest_seconds\":").append(String.format(java.util.Locale.ROOT, "%.3f", seconds));
    sb.append(",\"index_bytes\":").append(total);
    sb.append(",\"detail\":{\"segments\":").append(segments).append(",\"bytes_by_extension\":{");
    boolean first = true;
    for (Map.Entry<String, Long> e : byExt.entrySet()) {
      if (!first) sb.append(',');
      first = false;
      sb.append(Json.str(e.getKey())).append(':').append(e.getValue());
    }
    sb.append("},\"index_bytes_means\":")
        .append(Json.str("the index directory: postings, positions, terms, points, doc values "
            + "and stored fields (id, text, date, sources)"));
    sb.append(",\"heap_max_mb\":").append(Runtime.getRuntime().maxMemory() / (1 << 20));
    sb.append("}}");
    out.println(sb);
  }

  // ---------------------------------------------------------------- querying

  static final class Q {
    String id, kind, band, from, to, source;
    List<String> terms = new ArrayList<>();
    boolean facetMonth, facetSource;
  }

  static Q toQ(Map<String, Object> m) {
    Q q = new Q();
    q.id = (String) m.get("id");
    q.kind = (String) m.get("kind");
    q.band = (String) m.get("band");
    q.from = (String) m.get("from");
    q.to = (String) m.get("to");
    q.source = (String) m.get("source");
    for (Object t : (List<?>) m.get("terms")) q.terms.add((String) t);
    Object facet = m.get("facet");
    if (facet instanceof List) {
      for (Object f : (List<?>) facet) {
        if ("month".equals(f)) q.facetMonth = true;
        if ("source".equals(f)) q.facetSource = true;
      }
    }
    return q;
  }

  static Query build(Q q, Analyzer analyzer) throws Exception {
    QueryParser parser = new QueryParser("text", analyzer);
    StringBuilder text = new StringBuilder();
    for (String t : q.terms) {
      if (text.length() > 0) text.append(' ');
      text.append(QueryParser.escape(t));
    }
    Query main;
    if (q.kind.equals("phrase")) {
      main = parser.parse("\"" + text + "\""); // a PhraseQuery over the analysed words
    } else {
      parser.setDefaultOperator(QueryParser.Operator.AND);
      main = parser.parse(text.toString());
    }
    if (q.from == null && q.to == null && q.source == null) return main;
    BooleanQuery.Builder b = new BooleanQuery.Builder().add(main, BooleanClause.Occur.MUST);
    if (q.from != null || q.to != null) {
      int lo = q.from == null ? Integer.MIN_VALUE : monthOf(q.from);
      int hi = q.to == null ? Integer.MAX_VALUE : monthOf(q.to);
      b.add(IntPoint.newRangeQuery("month", lo, hi), BooleanClause.Occur.FILTER);
    }
    if (q.source != null) {
      b.add(new TermQuery(new Term("source", q.source)), BooleanClause.Occur.FILTER);
    }
    return b.build();
  }

  /** Counts matching documents by month and by source from doc values. */
  static final class FacetCollector implements Collector {
    final boolean byMonth, bySource;
    final List<int[]> leafMonths = new ArrayList<>(); // months 1800-01..2199-12, per leaf
    final Map<Integer, int[]> otherMonths = new HashMap<>();
    final List<SortedSetDocValues> leafSources = new ArrayList<>();
    final List<int[]> leafCounts = new ArrayList<>();

    FacetCollector(boolean byMonth, boolean bySource) {
      this.byMonth = byMonth;
      this.bySource = bySource;
    }

    @Override
    public ScoreMode scoreMode() {
      return ScoreMode.COMPLETE_NO_SCORES;
    }

    @Override
    public LeafCollector getLeafCollector(LeafReaderContext ctx) throws IOException {
      final NumericDocValues month = byMonth ? DocValues.getNumeric(ctx.reader(), "month") : null;
      final SortedSetDocValues src = bySource ? DocValues.getSortedSet(ctx.reader(), "source") : null;
      final int[] monthCounts = month == null ? null : new int[400 * 12];
      final int[] ordCounts = src == null ? null : new int[(int) src.getValueCount()];
      if (src != null) {
        leafSources.add(src);
        leafCounts.add(ordCounts);
      }
      if (month != null) leafMonths.add(monthCounts);
      return new LeafCollector() {
        @Override
        public void setScorer(Scorable scorer) {}

        @Override
        public void collect(int doc) throws IOException {
          if (month != null && month.advanceExact(doc)) {
            int ym = (int) month.longValue();
            int slot = (ym / 100 - 1800) * 12 + (ym % 100 - 1);
            if (slot >= 0 && slot < monthCounts.length) monthCounts[slot]++;
            else otherMonths.computeIfAbsent(ym, k -> new int[1])[0]++;
          }
          if (src != null && src.advanceExact(doc)) {
            for (int i = 0; i < src.docValueCount(); i++) ordCounts[(int) src.nextOrd()]++;
          }
        }
      };
    }

    Map<String, Integer> monthResults() {
      Map<String, Integer> r = new TreeMap<>();
      for (int[] c : leafMonths) {
        for (int slot = 0; slot < c.length; slot++) {
          if (c[slot] > 0) {
            r.merge(monthKey(1800 + slot / 12, slot % 12 + 1), c[slot], Integer::sum);
          }
        }
      }
      for (Map.Entry<Integer, int[]> e : otherMonths.entrySet()) {
        int ym = e.getKey();
        r.merge(monthKey(ym / 100, ym % 100), e.getValue()[0], Integer::sum);
      }
      return r;
    }

    static String monthKey(int year, int month) {
      char[] k = {(char) ('0' + year / 1000 % 10), (char) ('0' + year / 100 % 10), (char) ('0' + year / 10 % 10),
          (char) ('0' + year % 10), '-', (char) ('0' + month / 10), (char) ('0' + month % 10)};
      return new String(k);
    }

    Map<String, Integer> sourceResults() throws IOException {
      Map<String, Integer> r = new TreeMap<>();
      for (int l = 0; l < leafSources.size(); l++) {
        int[] c = leafCounts.get(l);
        for (int ord = 0; ord < c.length; ord++) {
          if (c[ord] > 0) r.merge(leafSources.get(l).lookupOrd(ord).utf8ToString(), c[ord], Integer::sum);
        }
      }
      return r;
    }
  }

  static final class FacetManager implements CollectorManager<FacetCollector, FacetCollector> {
    final boolean byMonth, bySource;

    FacetManager(boolean byMonth, boolean bySource) {
      this.byMonth = byMonth;
      this.bySource = bySource;
    }

    @Override
    public FacetCollector newCollector() {
      return new FacetCollector(byMonth, bySource);
    }

    @Override
    public FacetCollector reduce(Collection<FacetCollector> collectors) {
      if (collectors.size() != 1) throw new IllegalStateException("one collector expected (no executor)");
      return collectors.iterator().next();
    }
  }

  static final class Result {
    List<String> top = new ArrayList<>();
    Map<String, Integer> months, sources;
  }

  static Result run(IndexSearcher searcher, Analyzer analyzer, Q q) throws Exception {
    Query query = build(q, analyzer);
    Result r = new Result();
    TopDocs top;
    if (q.facetMonth || q.facetSource) {
      // Every match is visited for the counts, so the top 10 is collected in the same pass.
      TopScoreDocCollectorManager topMgr = new TopScoreDocCollectorManager(10, null, Integer.MAX_VALUE, false);
      FacetManager facetMgr = new FacetManager(q.facetMonth, q.facetSource);
      Object[] res = searcher.search(query, new MultiCollectorManager(topMgr, facetMgr));
      top = (TopDocs) res[0];
      FacetCollector fc = (FacetCollector) res[1];
      if (q.facetMonth) r.months = fc.monthResults();
      if (q.facetSource) r.sources = fc.sourceResults();
    } else {
      top = searcher.search(query, 10);
    }
    StoredFields stored = searcher.storedFields();
    Set<String> idOnly = Set.of("id");
    for (ScoreDoc sd : top.scoreDocs) r.top.add(stored.document(sd.doc, idOnly).get("id"));
    return r;
  }

  static void query(Path dir, Path queriesFile, int rounds, PrintStream out) throws Exception {
    List<Q> queries = new ArrayList<>();
    for (String line : Files.readAllLines(queriesFile, StandardCharsets.UTF_8)) {
      if (!line.isBlank()) queries.add(toQ(Json.parseObject(line)));
    }
    Analyzer analyzer = new DanishAnalyzer();
    try (FSDirectory fs = FSDirectory.open(dir); DirectoryReader reader = DirectoryReader.open(fs)) {
      IndexSearcher searcher = new IndexSearcher(reader); // no executor: one thread a query
      searcher.setQueryCache(null);
      for (Q q : queries) run(searcher, analyzer, q); // warm-up
      double[][] ms = new double[queries.size()][rounds];
      for (int round = 0; round < rounds; round++) {
        for (int i = 0; i < queries.size(); i++) {
          long t = System.nanoTime();
          run(searcher, analyzer, queries.get(i));
          ms[i][round] = (System.nanoTime() - t) / 1e6;
        }
      }
      for (int i = 0; i < queries.size(); i++) {
        Q q = queries.get(i);
        int hits = searcher.count(build(q, analyzer));
        Result r = run(searcher, analyzer, q);
        StringBuilder sb = new StringBuilder();
        sb.append("{\"id\":").append(Json.str(q.id)).append(",\"kind\":").append(Json.str(q.kind));
        sb.append(",\"band\":").append(q.band == null ? "null" : Json.str(q.band)).append(",\"ms\":[");
        for (int k = 0; k < rounds; k++) {
          if (k > 0) sb.append(',');
          sb.append(String.format(java.util.Locale.ROOT, "%.4f", ms[i][k]));
        }
        sb.append("],\"hits\":").append(hits).append(",\"top\":[");
        for (int k = 0; k < r.top.size(); k++) {
          if (k > 0) sb.append(',');
          sb.append(Json.str(r.top.get(k)));
        }
        sb.append(']');
        if (r.months != null || r.sources != null) {
          sb.append(",\"facets\":{");
          if (r.months != null) sb.append("\"month\":").append(Json.counts(r.months));
          if (r.sources != null) {
            if (r.months != null) sb.append(',');
            sb.append("\"source\":").append(Json.counts(r.sources));
          }
          sb.append('}');
        }
        sb.append('}');
        out.println(sb);
      }
    }
  }

  // ---------------------------------------------------------------- JSON

  /** Just enough JSON: objects, arrays, strings, numbers (as Double), true, false, null. */
  static final class Json {
    private final String s;
    private int i;

    private Json(String s) {
      this.s = s;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> parseObject(String text) {
      Json p = new Json(text);
      Object v = p.value();
      p.ws();
      if (p.i != text.length() || !(v instanceof Map)) throw new IllegalArgumentException("not a JSON object line");
      return (Map<String, Object>) v;
    }

    private void ws() {
      while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == '\n' || s.charAt(i) == '\r')) i++;
    }

    private IllegalArgumentException err(String what) {
      return new IllegalArgumentException("JSON: " + what + " at " + i);
    }

    private Object value() {
      ws();
      if (i >= s.length()) throw err("unexpected end");
      char c = s.charAt(i);
      switch (c) {
        case '{': {
          i++;
          Map<String, Object> m = new LinkedHashMap<>();
          ws();
          if (s.charAt(i) == '}') { i++; return m; }
          while (true) {
            ws();
            if (s.charAt(i) != '"') throw err("key expected");
            String k = string();
            ws();
            if (s.charAt(i++) != ':') throw err("':' expected");
            m.put(k, value());
            ws();
            char d = s.charAt(i++);
            if (d == '}') return m;
            if (d != ',') throw err("',' or '}' expected");
          }
        }
        case '[': {
          i++;
          List<Object> l = new ArrayList<>();
          ws();
          if (s.charAt(i) == ']') { i++; return l; }
          while (true) {
            l.add(value());
            ws();
            char d = s.charAt(i++);
            if (d == ']') return l;
            if (d != ',') throw err("',' or ']' expected");
          }
        }
        case '"':
          return string();
        case 't': return literal("true", Boolean.TRUE);
        case 'f': return literal("false", Boolean.FALSE);
        case 'n': return literal("null", null);
        default: {
          int start = i;
          while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) i++;
          if (start == i) throw err("value expected");
          return Double.parseDouble(s.substring(start, i));
        }
      }
    }

    private Object literal(String word, Object v) {
      if (!s.startsWith(word, i)) throw err(word + " expected");
      i += word.length();
      return v;
    }

    private String string() {
      i++; // opening quote
      StringBuilder b = null;
      int start = i;
      while (true) {
        char c = s.charAt(i);
        if (c == '"') {
          String r = b == null ? s.substring(start, i) : b.append(s, start, i).toString();
          i++;
          return r;
        }
        if (c == '\\') {
          if (b == null) b = new StringBuilder();
          b.append(s, start, i);
          char e = s.charAt(i + 1);
          i += 2;
          switch (e) {
            case '"': b.append('"'); break;
            case '\\': b.append('\\'); break;
            case '/': b.append('/'); break;
            case 'b': b.append('\b'); break;
            case 'f': b.append('\f'); break;
            case 'n': b.append('\n'); break;
            case 'r': b.append('\r'); break;
            case 't': b.append('\t'); break;
            case 'u': b.append((char) Integer.parseInt(s.substring(i, i + 4), 16)); i += 4; break;
            default: throw err("bad escape");
          }
          start = i;
        } else {
          i++;
        }
      }
    }

    static String str(String v) {
      StringBuilder b = new StringBuilder(v.length() + 2).append('"');
      for (int k = 0; k < v.length(); k++) {
        char c = v.charAt(k);
        switch (c) {
          case '"': b.append("\\\""); break;
          case '\\': b.append("\\\\"); break;
          case '\n': b.append("\\n"); break;
          case '\r': b.append("\\r"); break;
          case '\t': b.append("\\t"); break;
          default:
            if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
            else b.append(c);
        }
      }
      return b.append('"').toString();
    }

    static String counts(Map<String, Integer> m) {
      StringBuilder b = new StringBuilder("{");
      for (Map.Entry<String, Integer> e : m.entrySet()) {
        if (b.length() > 1) b.append(',');
        b.append(str(e.getKey())).append(':').append(e.getValue());
      }
      return b.append('}').toString();
    }
  }
}
