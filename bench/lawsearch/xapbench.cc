// xapbench.cc - the Xapian peer of the law-search benchmark: the same
// articles, indexed with Xapian's CJK n-gram mode (TermGenerator and
// QueryParser FLAG_CJK_NGRAM), the same tiers (in force, national) as a
// sort key ahead of BM25, the same title/heading/text weighting and the
// same relaxed second pass for questions.  bench/lawsearch/run.sh runs it.
//
//   gzip -dc CORPUS | xapbench build DIR
//   xapbench query DIR QUERIES RELEVANCE   (output as lawbench query)
#include <xapian.h>
#include <jansson.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

static double now_ms()
{
	using namespace std::chrono;
	return duration<double, std::milli>(
		steady_clock::now().time_since_epoch()).count();
}

static const char *str(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);
	return json_is_string(v) ? json_string_value(v) : nullptr;
}

// The tier fazhi ranks by (laws_schema.h classes): 0 national in force,
// 1 local in force, 2 no longer in force.
static int tier(json_t *law)
{
	const char *status = str(law, "status"), *level = str(law, "level");
	bool local = str(law, "region") || (level && !strcmp(level, "地方性法规"));
	if (!status || strcmp(status, "有效"))
		return 2;
	return local ? 1 : 0;
}

static int build(const char *dir)
{
	Xapian::WritableDatabase db(dir, Xapian::DB_CREATE_OR_OVERWRITE);
	Xapian::TermGenerator tg;
	std::string line;
	long laws = 0, arts = 0;
	double t0 = now_ms();

	tg.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
	while (std::getline(std::cin, line)) {
		json_error_t je;
		json_t *law = json_loads(line.c_str(), 0, &je);
		if (!law)
			continue;
		const char *id = str(law, "id"), *title = str(law, "title");
		int t = tier(law);
		size_t i;
		json_t *a;
		json_array_foreach(json_object_get(law, "articles"), i, a) {
			Xapian::Document doc;
			std::string heading;
			for (const char *k : { "part", "chapter", "section", "no" })
				if (str(a, k))
					heading += std::string(str(a, k)) + " ";
			tg.set_document(doc);
			// weights as fazhi's bm25(8, 3, 1): title, heading, text
			tg.index_text(title ? title : "", 8);
			tg.increase_termpos();
			tg.index_text(heading, 3);
			tg.increase_termpos();
			tg.index_text(str(a, "text") ? str(a, "text") : "", 1);
			json_t *sub = json_object_get(a, "sub");
			doc.set_data(std::string(id) + "\t" +
				std::to_string(json_integer_value(json_object_get(a, "n"))) +
				"\t" + std::to_string(sub ? json_integer_value(sub) : 0));
			doc.add_value(0, std::to_string(t));
			db.add_document(doc);
			arts++;
		}
		laws++;
		json_decref(law);
	}
	db.commit();
	db.close();
	std::printf("xapian\tlaws=%ld\tarticles=%ld\tbuild_s=%.2f\n", laws, arts,
		    (now_ms() - t0) / 1e3);
	return 0;
}

static const char *const question_words[] = {
	"是不是", "能不能", "可不可以", "有没有", "怎么办", "多长时间",
	"什么", "怎么", "怎样", "如何", "哪些", "哪个", "哪里", "多少", "多久",
	"多长", "是否", "能否", "可以", "需要", "应该", "请问", "我们", "他们",
	"一下", "的", "了", "吗", "呢", "吧", "啊", "么", "我", "你", nullptr
};

// The question words become spaces, as fazhi's parser cuts at them.
static std::string strip_questions(const std::string &q)
{
	std::string out;
	for (size_t i = 0; i < q.size();) {
		size_t l = 0;
		for (int j = 0; question_words[j] && !l; j++)
			if (!q.compare(i, std::strlen(question_words[j]),
				       question_words[j]))
				l = std::strlen(question_words[j]);
		if (l) {
			out += ' ';
			i += l;
		} else {
			out += q[i++];
		}
	}
	return out;
}

// The relaxed pass: Xapian's query parser ANDs every n-gram of a CJK
// span whatever the default operator, so the bag of bigrams that fazhi
// ORs is built here by hand from the same text (Latin words kept whole).
static Xapian::Query bag_of_bigrams(const std::string &q)
{
	std::vector<std::string> chars, terms;
	std::string word;
	auto flush_cjk = [&]() {
		for (size_t i = 0; i + 1 < chars.size(); i++)
			terms.push_back(chars[i] + chars[i + 1]);
		chars.clear();
	};
	for (size_t i = 0; i < q.size();) {
		unsigned char c = q[i];
		size_t l = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
		if (l == 3 && c >= 0xE4 && c <= 0xE9) { // U+4E00..U+9FFF
			if (!word.empty()) { terms.push_back(word); word.clear(); }
			chars.push_back(q.substr(i, l));
		} else {
			flush_cjk();
			if (l == 1 && std::isalnum(c))
				word += (char)std::tolower(c);
			else if (!word.empty()) { terms.push_back(word); word.clear(); }
		}
		i += l;
	}
	flush_cjk();
	if (!word.empty())
		terms.push_back(word);
	return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

struct hit {
	std::string law;
	long n, sub;
};

static std::vector<hit> search(Xapian::Database &db, const std::string &q)
{
	Xapian::QueryParser qp;
	Xapian::Enquire enq(db);
	std::vector<hit> out;
	unsigned flags = Xapian::QueryParser::FLAG_DEFAULT |
			 Xapian::QueryParser::FLAG_CJK_NGRAM;

	qp.set_database(db);
	enq.set_sort_by_value_then_relevance(0, false);
	for (int pass = 0; pass < 2 && out.empty(); pass++) {
		Xapian::Query query;
		qp.set_default_op(Xapian::Query::OP_AND);
		try {
			query = pass ? bag_of_bigrams(strip_questions(q))
				     : qp.parse_query(q, flags);
		} catch (const Xapian::QueryParserError &) {
			continue;
		}
		enq.set_query(query);
		Xapian::MSet ms = enq.get_mset(0, 10);
		for (auto it = ms.begin(); it != ms.end(); ++it) {
			std::string d = it.get_document().get_data();
			size_t a = d.find('\t'), b = d.find('\t', a + 1);
			out.push_back({ d.substr(0, a),
				std::stol(d.substr(a + 1, b - a - 1)),
				std::stol(d.substr(b + 1)) });
		}
	}
	return out;
}

static std::vector<std::string> lines(const char *path)
{
	std::ifstream f(path);
	std::vector<std::string> v;
	std::string l;
	while (std::getline(f, l))
		if (!l.empty() && l[0] != '#')
			v.push_back(l);
	return v;
}

// Best of three timed runs after one untimed warm-up, as lawbench.
static double timed(Xapian::Database &db, const std::string &q,
		    std::vector<hit> &h)
{
	double t[3];
	h = search(db, q);
	for (double &x : t) {
		double t0 = now_ms();
		h = search(db, q);
		x = now_ms() - t0;
	}
	std::sort(t, t + 3);
	return t[0];
}

static int query(const char *dir, const char *qfile, const char *rfile)
{
	Xapian::Database db(dir);
	std::vector<hit> h;
	auto qs = lines(qfile), rs = lines(rfile);

	for (size_t i = 0; i < qs.size(); i++) {
		double ms = timed(db, qs[i], h);
		std::printf("q\t%zu\t%.3f\t0\t%zu\n", i, ms, h.size());
	}
	for (size_t i = 0; i < rs.size(); i++) {
		std::vector<std::string> f;
		size_t s = 0, e;
		while ((e = rs[i].find('\t', s)) != std::string::npos) {
			f.push_back(rs[i].substr(s, e - s));
			s = e + 1;
		}
		f.push_back(rs[i].substr(s));
		if (f.size() < 4)
			continue;
		double ms = timed(db, f[0], h);
		int rank = 0;
		for (size_t j = 0; j < h.size() && !rank; j++)
			if (h[j].law == f[1] && h[j].n == std::stol(f[2]) &&
			    h[j].sub == std::stol(f[3]))
				rank = (int)j + 1;
		std::printf("r\t%zu\t%.3f\t%d\t%zu\t%s\n", i, ms, rank, h.size(),
			    f.size() >= 6 ? f[5].c_str() : "question");
	}
	return 0;
}

int main(int argc, char **argv)
{
	try {
		if (argc == 3 && !std::strcmp(argv[1], "build"))
			return build(argv[2]);
		if (argc == 5 && !std::strcmp(argv[1], "query"))
			return query(argv[2], argv[3], argv[4]);
	} catch (const Xapian::Error &e) {
		std::fprintf(stderr, "xapbench: %s\n", e.get_description().c_str());
		return 1;
	}
	std::fprintf(stderr, "usage: xapbench build DIR < corpus.jsonl |"
		     " query DIR QUERIES RELEVANCE\n");
	return 2;
}
