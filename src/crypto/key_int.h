/* key_int.h - the inside of struct fz_keys, for crypto/ files only.
 *
 * Outside crypto/ the struct is opaque, so no other layer can copy key
 * bytes around; sm.c reads the derived field keys from here. */
#ifndef FZ_CRYPTO_KEY_INT_H
#define FZ_CRYPTO_KEY_INT_H

#include "crypto/key.h"
#include "crypto/sm.h"

struct fz_keys {
	unsigned char master[FZ_KEYS_MASTER_LEN]; /* from the key file */
	unsigned char enc[FZ_SM4_KEY_LEN];        /* SM4-CTR key of field tokens */
	unsigned char mac[FZ_SM3_LEN];            /* HMAC-SM3 key of field tokens */
	unsigned char idx[FZ_SM3_LEN];            /* HMAC-SM3 key of blind indexes */
	struct fz_sm2_key *sm2;                   /* district key pair, owned */
};

#endif
