#!/usr/bin/env python3
"""metrics.py DIR METHOD[:THRESHOLD] ... - score pred_METHOD.csv against
truth.csv and print one table.

recall@1 / recall@10 over the copy queries; muAP as defined for the DISC21
image similarity challenge (Douze et al. 2021, "The 2021 Image Similarity
Dataset and Challenge", section 3.2): every (query, reference, score)
prediction of every query pooled, sorted by score, average precision over
all ground-truth pairs; per-transformation recall@1 for the single
transformations; the false-positive rate is the share of hard-negative
queries whose best match reaches the method's own threshold (for fazhi the
近似 threshold, for the peers none is defined so it is left out); FPR@R90
is the share at the score that keeps 90 % recall@1 for every method.

When DIR/timing_METHOD.txt holds the timing lines `pattern_bench engine`
or `pattern_peers` printed (run.sh keeps them), the table also shows build
rate, index bytes per reference and describe/search latency p50/p99."""
import os
import re
import csv
import sys
from collections import defaultdict


def load(dirname, method):
    truth = {}
    kind = {}
    with open(f"{dirname}/truth.csv") as f:
        for row in csv.DictReader(f):
            truth[row["query"]] = row["ref"]
            kind[row["query"]] = row["transform"]
    preds = defaultdict(list)
    with open(f"{dirname}/pred_{method}.csv") as f:
        for row in csv.DictReader(f):
            preds[row["query"]].append((float(row["score"]), row["ref"]))
    for q in preds:
        preds[q].sort(key=lambda t: -t[0])
    return truth, kind, preds


def evaluate(dirname, method, thr):
    truth, kind, preds = load(dirname, method)
    pos = [q for q in truth if truth[q]]
    neg = [q for q in truth if not truth[q]]
    r1 = sum(1 for q in pos if preds[q][:1] and preds[q][0][1] == truth[q])
    r10 = sum(1 for q in pos if truth[q] in [r for _, r in preds[q][:10]])
    pool = []
    for q, lst in preds.items():
        seen = set()
        for s, r in lst[:10]:
            if r in seen:
                continue
            seen.add(r)
            pool.append((s, truth.get(q) == r))
    pool.sort(key=lambda t: -t[0])
    tp = 0
    ap = 0.0
    for i, (_, ok) in enumerate(pool, 1):
        if ok:
            tp += 1
            ap += tp / i
    uap = ap / max(1, len(pos))
    per = defaultdict(lambda: [0, 0])
    for q in pos:
        per[kind[q]][1] += 1
        if preds[q][:1] and preds[q][0][1] == truth[q]:
            per[kind[q]][0] += 1
    fpr = None
    if thr is not None:
        fpr = sum(1 for q in neg if preds[q][:1] and preds[q][0][0] >= thr) / max(1, len(neg))
    # score that keeps 90 % of correct top-1 answers, and FPR there
    good = sorted(preds[q][0][0] for q in pos
                  if preds[q][:1] and preds[q][0][1] == truth[q])
    cut = good[int(len(good) * 0.1)] if good else 0
    fpr90 = sum(1 for q in neg if preds[q][:1] and preds[q][0][0] >= cut) / max(1, len(neg))
    negtop = sorted(preds[q][0][0] for q in neg if preds[q][:1])
    p99 = negtop[int(len(negtop) * 0.99)] if negtop else 0
    return dict(r1=r1 / max(1, len(pos)), r10=r10 / max(1, len(pos)), uap=uap,
                per=per, fpr=fpr, fpr90=fpr90, npos=len(pos), nneg=len(neg),
                neg_p99=p99)


def timing(dirname, method):
    """Timing lines of one method, or None when run.sh kept none."""
    path = f"{dirname}/timing_{method}.txt"
    if not os.path.exists(path):
        return None
    t = {}
    with open(path) as f:
        for line in f:
            if m := re.match(r"build_rate_per_s ([\d.]+)", line):
                t["build"] = float(m[1])
            elif m := re.match(r"index_bytes \d+ \(([\d.]+) per ref\)", line):
                t["bytes"] = float(m[1])
            elif m := re.match(r"(search|describe)_ms p50 ([\d.]+) p99 ([\d.]+)", line):
                t[m[1] + "50"] = float(m[2])
                t[m[1] + "99"] = float(m[3])
    return t


def main():
    dirname = sys.argv[1]
    res = {}
    for arg in sys.argv[2:]:
        m, _, t = arg.partition(":")
        res[m] = evaluate(dirname, m, float(t) if t else None)
    methods = list(res)
    base = methods[0]
    print(f"queries: {res[base]['npos']} copies, {res[base]['nneg']} hard negatives")
    print("| metric | " + " | ".join(methods) + " | " +
          " | ".join(f"{base}/{m}" for m in methods[1:]) + " |")
    print("|---" * (1 + 2 * len(methods) - 1) + "|")
    for key, label in (("r1", "recall@1"), ("r10", "recall@10"), ("uap", "µAP"),
                       ("fpr90", "FPR at 90% recall@1"), ("fpr", "FPR at own threshold"),
                       ("neg_p99", "hard-negative top-1 score p99")):
        vals = [res[m][key] for m in methods]
        cells = ["—" if v is None else f"{v:.3f}" for v in vals]
        ratios = []
        for m in methods[1:]:
            a, b = res[base][key], res[m][key]
            ratios.append("—" if a is None or b is None or b == 0 else f"{a / b:.2f}")
        print(f"| {label} | " + " | ".join(cells) + " | " + " | ".join(ratios) + " |")
    times = {m: timing(dirname, m) for m in methods}
    if all(times.values()):
        for key, label in (("build", "build rate (refs/s, load + describe + add)"),
                           ("bytes", "index bytes per reference"),
                           ("describe50", "describe ms p50"), ("describe99", "describe ms p99"),
                           ("search50", "search ms p50"), ("search99", "search ms p99")):
            vals = [times[m].get(key) for m in methods]
            cells = ["—" if v is None else f"{v:.2f}" if v < 100 else f"{v:.0f}" for v in vals]
            ratios = []
            for v in vals[1:]:
                ratios.append("—" if v in (None, 0) or vals[0] is None else f"{vals[0] / v:.2f}")
            print(f"| {label} | " + " | ".join(cells) + " | " + " | ".join(ratios) + " |")
    kinds = sorted(k for k in res[base]["per"] if "+" not in k)
    kinds.append("combinations")
    for k in kinds:
        cells = []
        for m in methods:
            per = res[m]["per"]
            if k == "combinations":
                ok = sum(v[0] for kk, v in per.items() if "+" in kk)
                n = sum(v[1] for kk, v in per.items() if "+" in kk)
            else:
                ok, n = per[k]
            cells.append(f"{ok / max(1, n):.3f}")
        print(f"| recall@1 {k} | " + " | ".join(cells) + " |" + " |" * (len(methods) - 1))


main()
