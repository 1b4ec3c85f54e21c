/* mask.h - display masking (脱敏) of personal data, and a scrubber that
 * masks ID and mobile numbers inside free text before it reaches a log.
 *
 * The patterns are project policy, not law (crypto.md §6: no national
 * mandatory pattern exists; 个人信息保护法 Art. 51 requires de-identification
 * as a safeguard).  Masking happens at output; stored values stay whole.
 *
 * The fixed-size maskers take any NUL-terminated UTF-8 input, count in
 * characters (code points), and never leak more than the policy keeps: an
 * input too short to hide anything is masked completely.  They write at
 * most outsz bytes including the NUL (truncating on a character boundary)
 * and return out. */
#ifndef FZ_CORE_MASK_H
#define FZ_CORE_MASK_H

#include <stddef.h>

#include "core/buf.h"

/* 身份证号 on staff screens with need-to-know: first 6 + last 4,
 * "330603********1234". */
char *fz_mask_id_staff(const char *id, char *out, size_t outsz);

/* 身份证号 on public or shared pages: first 1 + last 1,
 * "3****************4". */
char *fz_mask_id_public(const char *id, char *out, size_t outsz);

/* Mobile number: first 3 + last 4, "138****1234". */
char *fz_mask_phone(const char *phone, char *out, size_t outsz);

/* Personal name on public pages: surname + "*" when the given name is one
 * character ("张三" -> "张*", "欧阳明" -> "欧阳*"), surname + "*" + last
 * character when it is longer ("张三丰" -> "张*丰", "欧阳晓明" -> "欧阳*明").
 * Compound surnames (欧阳, 司马, 诸葛 ...) count as the surname when at
 * least one character follows them.  A one-character name becomes "*". */
char *fz_mask_name(const char *name, char *out, size_t outsz);

/* Append in (len bytes, need not be NUL-terminated) to out with personal
 * numbers masked:
 *  - any run of 15 or more digits, optionally ended by X/x (18-digit and
 *    15-digit ID numbers, and bank cards, which are personal data too):
 *    first 6 + last 4 kept;
 *  - an 11-digit run 1[3-9]xxxxxxxxx, or such a number behind 86 (13
 *    digits) or a trunk 0 (12 digits): first 3 + last 4 of the mobile
 *    kept;
 *  - the grouped forms 3-4-4 (mobile) and 6-8-4 (ID) with single spaces or
 *    hyphens between the groups, masked the same way.
 * A run is bounded by non-digits; digits inside letters count too (it
 * over-masks rather than leaks).  Errors are the buffer's (sticky). */
void fz_mask_text(const char *in, size_t len, struct fz_buf *out);

#endif
