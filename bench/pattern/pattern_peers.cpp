// pattern_peers.cpp - the peers of fazhi's pattern engine on the same data
// (README.md): OpenCV img_hash pHash and BlockMeanHash with brute-force
// Hamming search, and ORB keypoints with RANSAC homography verification.
//
//   pattern_peers DIR [phash|blockmean|orb ...]
//
// DIR is what `pattern_bench gen` wrote (refs/rNNNNNN.png,
// queries/qNNNNNN.png).  Each method writes DIR/pred_<method>.csv
// (query,ref,score; its top 10) for metrics.py and prints the same timing
// lines as `pattern_bench engine`: build rate (load + describe + add per
// second), index size (bytes held per reference), describe and search
// latency p50/p99 over the queries.  One thread (cv::setNumThreads(1)),
// as fazhi's engine measures on one.
//
// Scores: hashes 1 - hamming / bits (a common pHash rule of thumb calls
// a distance <= 10 of 64 bits the same image: score >= 0.84); ORB the
// number of RANSAC inliers of the best homography (>= 15 inliers is the
// usual "verified" rule), plus votes / 10^4 to order ties.

#include <opencv2/calib3d.hpp>
#include <opencv2/core.hpp>
#include <opencv2/features2d.hpp>
#include <opencv2/img_hash.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <dirent.h>

namespace {

double now()
{
	using namespace std::chrono;
	return duration<double>(steady_clock::now().time_since_epoch()).count();
}

int count_png(const std::string &dir)
{
	DIR *d = opendir(dir.c_str());
	int n = 0;
	if (!d)
		return 0;
	while (struct dirent *e = readdir(d))
		if (strstr(e->d_name, ".png"))
			n++;
	closedir(d);
	return n;
}

std::string name(const char *dir, char kind, int i)
{
	char b[4200];
	snprintf(b, sizeof(b), "%s/%s/%c%06d.png", dir, kind == 'r' ? "refs" : "queries", kind, i);
	return b;
}

cv::Mat load(const std::string &path)
{
	cv::Mat m = cv::imread(path, cv::IMREAD_COLOR);
	if (m.empty()) {
		fprintf(stderr, "cannot read %s\n", path.c_str());
		exit(1);
	}
	return m;
}

struct Hit {
	int ref;
	double score;
};

struct Timing {
	std::vector<double> ext, search;
};

double pct(std::vector<double> v, double p)
{
	std::sort(v.begin(), v.end());
	return v.empty() ? 0 : v[std::min(v.size() - 1, (size_t)(v.size() * p))];
}

void report(const char *method, int nref, int nq, double build_s, size_t bytes,
	    const Timing &t)
{
	printf("%s refs %d queries %d\n", method, nref, nq);
	printf("build_rate_per_s %.1f\n", nref / build_s);
	printf("index_bytes %zu (%.0f per ref)\n", bytes, (double)bytes / (nref ? nref : 1));
	printf("search_ms p50 %.2f p99 %.2f\n", pct(t.search, 0.5), pct(t.search, 0.99));
	printf("describe_ms p50 %.2f p99 %.2f\n", pct(t.ext, 0.5), pct(t.ext, 0.99));
	fflush(stdout);
}

FILE *pred_file(const char *dir, const char *method)
{
	char b[4200];
	snprintf(b, sizeof(b), "%s/pred_%s.csv", dir, method);
	FILE *f = fopen(b, "w");
	if (!f) {
		perror(b);
		exit(1);
	}
	fprintf(f, "query,ref,score\n");
	return f;
}

void write_hits(FILE *f, int q, const std::vector<Hit> &hits)
{
	for (const Hit &h : hits)
		fprintf(f, "q%06d,r%06d,%.5f\n", q, h.ref, h.score);
}

/* ---- perceptual hashes: brute-force Hamming over packed codes ---------- */

int hamming(const uint8_t *a, const uint8_t *b, int n)
{
	int d = 0;
	for (int i = 0; i < n; i++)
		d += __builtin_popcount((unsigned)(a[i] ^ b[i]));
	return d;
}

int run_hash(const char *dir, const char *method, cv::Ptr<cv::img_hash::ImgHashBase> h)
{
	int nref = count_png(std::string(dir) + "/refs"), nq = count_png(std::string(dir) + "/queries");
	std::vector<uint8_t> codes;
	int len = 0;
	double t0 = now();
	for (int i = 0; i < nref; i++) {
		cv::Mat code;
		h->compute(load(name(dir, 'r', i)), code);
		len = (int)code.total();
		codes.insert(codes.end(), code.ptr<uint8_t>(), code.ptr<uint8_t>() + len);
	}
	double build = now() - t0;
	FILE *f = pred_file(dir, method);
	Timing t;
	for (int j = 0; j < nq; j++) {
		cv::Mat img = load(name(dir, 'q', j)), code;
		double a = now();
		h->compute(img, code);
		double b = now();
		std::vector<Hit> all(nref);
		for (int i = 0; i < nref; i++)
			all[i] = { i, 1.0 - (double)hamming(code.ptr<uint8_t>(), &codes[(size_t)i * len], len) / (8.0 * len) };
		int k = std::min(10, nref);
		std::partial_sort(all.begin(), all.begin() + k, all.end(),
				  [](const Hit &x, const Hit &y) { return x.score > y.score || (x.score == y.score && x.ref < y.ref); });
		all.resize(k);
		double c = now();
		t.ext.push_back((b - a) * 1e3);
		t.search.push_back((c - b) * 1e3);
		write_hits(f, j, all);
	}
	fclose(f);
	report(method, nref, nq, build, codes.size() + (size_t)nref * sizeof(int32_t), t);
	return 0;
}

/* ---- ORB + RANSAC ------------------------------------------------------ */

/* A shortlist by votes (each query descriptor's nearest reference
 * descriptor, Hamming <= 64, votes for its image), then the ten most voted
 * references verified: 2-NN matches with Lowe's ratio 0.8, a RANSAC
 * homography (3 px), the inlier count as the score. */
int run_orb(const char *dir)
{
	int nref = count_png(std::string(dir) + "/refs"), nq = count_png(std::string(dir) + "/queries");
	cv::Ptr<cv::ORB> orb = cv::ORB::create(500);
	std::vector<std::vector<cv::KeyPoint>> kps(nref);
	std::vector<cv::Mat> descs(nref);
	std::vector<int> owner;
	cv::Mat all;
	size_t bytes = 0;
	double t0 = now();
	for (int i = 0; i < nref; i++) {
		cv::Mat g;
		cv::cvtColor(load(name(dir, 'r', i)), g, cv::COLOR_BGR2GRAY);
		orb->detectAndCompute(g, cv::noArray(), kps[i], descs[i]);
		if (!descs[i].empty()) {
			all.push_back(descs[i]);
			owner.insert(owner.end(), descs[i].rows, i);
		}
		bytes += descs[i].total() + kps[i].size() * 2 * sizeof(float) + sizeof(int32_t);
	}
	cv::BFMatcher vote_matcher(cv::NORM_HAMMING);
	vote_matcher.add(std::vector<cv::Mat>{ all });
	vote_matcher.train();
	double build = now() - t0;
	cv::BFMatcher pair_matcher(cv::NORM_HAMMING);
	FILE *f = pred_file(dir, "orb");
	Timing t;
	for (int j = 0; j < nq; j++) {
		cv::Mat img = load(name(dir, 'q', j)), g, d;
		std::vector<cv::KeyPoint> kq;
		double a = now();
		cv::cvtColor(img, g, cv::COLOR_BGR2GRAY);
		orb->detectAndCompute(g, cv::noArray(), kq, d);
		double b = now();
		std::vector<Hit> hits;
		if (!d.empty() && !all.empty()) {
			std::vector<cv::DMatch> nn;
			vote_matcher.match(d, nn);
			std::vector<int> votes(nref, 0);
			for (const cv::DMatch &m : nn)
				if (m.distance <= 64)
					votes[owner[m.trainIdx]]++;
			std::vector<int> order(nref);
			for (int i = 0; i < nref; i++)
				order[i] = i;
			int k = std::min(10, nref);
			std::partial_sort(order.begin(), order.begin() + k, order.end(),
					  [&](int x, int y) { return votes[x] > votes[y] || (votes[x] == votes[y] && x < y); });
			for (int r = 0; r < k; r++) {
				int i = order[r], inliers = 0;
				if (descs[i].rows >= 2 && d.rows >= 2) {
					std::vector<std::vector<cv::DMatch>> knn;
					pair_matcher.knnMatch(d, descs[i], knn, 2);
					std::vector<cv::Point2f> p, q;
					for (const auto &m : knn)
						if (m.size() == 2 && m[0].distance < 0.8f * m[1].distance) {
							p.push_back(kq[m[0].queryIdx].pt);
							q.push_back(kps[i][m[0].trainIdx].pt);
						}
					if (p.size() >= 4) {
						cv::Mat mask;
						cv::Mat H = cv::findHomography(p, q, cv::RANSAC, 3.0, mask);
						if (!H.empty())
							inliers = cv::countNonZero(mask);
					}
				}
				hits.push_back({ i, inliers + votes[i] / 1e4 });
			}
			std::sort(hits.begin(), hits.end(), [](const Hit &x, const Hit &y) { return x.score > y.score; });
		}
		double c = now();
		t.ext.push_back((b - a) * 1e3);
		t.search.push_back((c - b) * 1e3);
		write_hits(f, j, hits);
	}
	fclose(f);
	report("orb", nref, nq, build, bytes, t);
	return 0;
}

} // namespace

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: pattern_peers DIR [phash|blockmean|orb ...]\n");
		return 2;
	}
	cv::setNumThreads(1);
	std::vector<std::string> methods;
	for (int i = 2; i < argc; i++)
		methods.push_back(argv[i]);
	if (methods.empty())
		methods = { "phash", "blockmean", "orb" };
	for (const std::string &m : methods) {
		int rc;
		if (m == "phash")
			rc = run_hash(argv[1], "phash", cv::img_hash::PHash::create());
		else if (m == "blockmean")
			rc = run_hash(argv[1], "blockmean", cv::img_hash::BlockMeanHash::create(cv::img_hash::BLOCK_MEAN_HASH_MODE_0));
		else if (m == "orb")
			rc = run_orb(argv[1]);
		else {
			fprintf(stderr, "unknown method %s\n", m.c_str());
			return 2;
		}
		if (rc)
			return rc;
	}
	return 0;
}
