/* cite.h - legal citations as people read them.
 *
 * Tables and data keep a short machine form that engineers can grep and
 * check against the statute: "行政处罚法 Art. 64(1), Art. 85",
 * "国务院令第310号 Art. 9(1)", "法释〔2013〕3号 Art. 3, 4, 6；刑法 Art. 276-1".
 * Every page, document and export shows the form a 司法局 expects
 * instead: 《中华人民共和国行政处罚法》第六十四条第一款、第八十五条.  This
 * module is the one place that turns the first into the second, so no
 * "Art." reaches a person.
 *
 * The machine form, item by item (items separated by "；" or ";"):
 *   SOURCE Art. REF[, [Art. ]REF]... [REST]
 * REF is N, N(款), N(款)(项), N-M (M < N: 第N条之M, 刑法 numbering;
 * M > N: 第N条至第M条).  SOURCE is a law's short title (a national law
 * ending in 法 gets 中华人民共和国), a title in 《》, a document number
 * (法释〔2019〕15号, kept as it is) or a name the table below knows
 * (国务院令第310号, 追诉标准（一）).  An item already written in Chinese
 * ("劳动争议调解仲裁法第十四条第三款") gets its title put in 《》.
 * Anything else is copied unchanged. */
#ifndef FZ_CORE_CITE_H
#define FZ_CORE_CITE_H

#include "core/buf.h"

/* Append the readable form of machine to out (out's sticky error tells
 * of a failure).  NULL or "" appends nothing. */
void fz_cite_text(struct fz_buf *out, const char *machine);

/* The readable form as a new string (free() it); NULL when memory runs
 * out.  NULL in gives "". */
char *fz_cite_dup(const char *machine);

/* 1..9999 in Chinese numerals as articles are numbered (六十, 一百零五,
 * 一千二百六十); out holds at least 32 bytes.  Other n give decimal digits. */
char *fz_cite_number(long n, char out[32]);

#endif
