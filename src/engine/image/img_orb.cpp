// img_orb.cpp - the one place fazhi calls OpenCV: ORB keypoints and
// descriptors of a grey image (img_local.h).  Everything around it
// (matching, voting, verification) is C in img_local.c.
#include "engine/image/img_local.h"

#include <opencv2/core.hpp>
#include <opencv2/features2d.hpp>
#include <opencv2/imgproc.hpp>

#include <cstring>
#include <mutex>
#include <vector>

namespace {

// A wrapped tile is padded by this much on every side: ORB ignores a
// border of about its patch size (31 px), so without the padding the
// tile's edges, where a copy shifted by an offset shows content, would
// hold no keypoint.
const int PAD = 40;

int detect(const cv::Mat &g, const cv::Mat &mask, int maxkp,
	   std::vector<cv::KeyPoint> &kps, cv::Mat &desc)
{
	// 8 levels at 1.2: scales from 1 to 3.6 between query and design
	cv::Ptr<cv::ORB> orb = cv::ORB::create(maxkp, 1.2f, 8, 31, 0, 2,
					       cv::ORB::HARRIS_SCORE, 31, 12);
	orb->detectAndCompute(g, mask, kps, desc);
	return (int)kps.size();
}

} // namespace

extern "C" int fz_img_orb_detect(const uint8_t *g, int w, int h, int wrap, int maxkp,
				 struct fz_img_kp *out)
{
	try {
		// one thread per detection: the server's own threads run several
		// at once; set once, as OpenCV's setting is process-wide
		static std::once_flag once;
		std::call_once(once, [] { cv::setNumThreads(1); });
		cv::Mat img(h, w, CV_8UC1, const_cast<uint8_t *>(g));
		cv::Mat src = img, mask;
		int off = 0;
		if (wrap) {
			cv::copyMakeBorder(img, src, PAD, PAD, PAD, PAD, cv::BORDER_WRAP);
			mask = cv::Mat::zeros(src.size(), CV_8UC1);
			mask(cv::Rect(PAD, PAD, w, h)).setTo(255);
			off = PAD;
		}
		std::vector<cv::KeyPoint> kps;
		cv::Mat desc;
		detect(src, mask, maxkp, kps, desc);
		int n = 0;
		for (size_t i = 0; i < kps.size() && n < maxkp; i++) {
			struct fz_img_kp *k = &out[n];
			float x = kps[i].pt.x - off, y = kps[i].pt.y - off;
			if (x < 0 || y < 0 || x >= w || y >= h)
				continue;
			k->x = x;
			k->y = y;
			k->size = kps[i].size;
			k->angle = kps[i].angle;
			std::memcpy(k->d, desc.ptr<uint8_t>((int)i), 32);
			n++;
		}
		return n;
	} catch (...) {
		return -1;
	}
}
