#!/bin/sh
# demo.sh - what `make demo` runs after the build: create fazhi.db with the
# demo district (unless it exists) and serve it on 127.0.0.1:8080.
set -eu
db=${FAZHI_DB:-fazhi.db}
listen=${FAZHI_LISTEN:-127.0.0.1:8080}
if [ -e "$db" ]; then
	echo "$db exists: serving it as it is (remove $db and $db.key to rebuild the demo)."
	echo "demo logins were printed when it was created; 'fazhi user passwd' resets one."
else
	# the demo loads the law corpus for 一键找法 too (about a minute)
	./fazhi demo --db "$db" --seed "${FAZHI_SEED:-1}" | tee build/demo-logins.txt
	echo
	echo "Demo logins (also in build/demo-logins.txt):"
	awk -F '\t' '$1 == "demo-user" { printf "  %-12s %-14s %s (%s)%s\n", $2, $3, $4, $5, ($6 != "" ? "  TOTP secret " $6 : "") }' build/demo-logins.txt
	echo "(Type a TOTP secret into an authenticator app, or run ./fazhi totp SECRET, for that user's 6-digit login code.)"
fi
echo
echo "Open http://$listen/ in a browser.  Ctrl-C stops the server."
exec ./fazhi serve --db "$db" --listen "$listen" --web build/web
