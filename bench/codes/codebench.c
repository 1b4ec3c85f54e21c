/* codebench.c - 行政行为码 signed and verified per second (engine/actcode),
 * one thread, for bench/codes/run.sh.  Prints "sign_per_s=N verify_per_s=N
 * token_chars=N". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "crypto/key.h"
#include "engine/actcode/actcode.h"

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	double secs = argc > 1 ? atof(argv[1]) : 3, t0, dt;
	struct fz_keys *k;
	struct fz_err err = FZ_ERR_INIT;
	struct fz_actcode c;
	struct fz_buf tok = FZ_BUF_INIT;
	long n;

	if (fz_keys_new_ephemeral(&k, &err))
		return fprintf(stderr, "%s\n", err.msg), 1;
	memset(&c, 0, sizeof(c));
	c.type = FZ_ACT_PENALTY;
	c.date = (struct fz_date){ 2024, 5, 6 };
	strcpy(c.agency, "KQZF");
	t0 = now();
	for (n = 0; (dt = now() - t0) < secs; n++) {
		fz_buf_reset(&tok);
		c.act_id = 100000 + n;
		if (fz_actcode_sign(fz_keys_sm2(k), &c, &tok, &err))
			return fprintf(stderr, "sign: %s\n", err.msg), 1;
	}
	printf("sign_per_s=%.1f ", (double)n / dt);
	t0 = now();
	for (n = 0; (dt = now() - t0) < secs; n++)
		if (fz_actcode_verify(fz_keys_sm2(k), tok.data, tok.len, NULL,
				      &err))
			return fprintf(stderr, "verify: %s\n", err.msg), 1;
	printf("verify_per_s=%.1f token_chars=%zu\n", (double)n / dt, tok.len);
	fz_buf_release(&tok);
	fz_keys_free(k);
	return 0;
}
