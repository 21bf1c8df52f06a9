#!/bin/sh
# Regenerates the test CA and server certificates used by tests/server/TlsTest.cpp (see README.md).
# Valid for 100 years, so that the tests do not start failing one day.
set -eu
cd "$(dirname "$0")"
DAYS=36500
cat > san.cnf <<'CNF'
subjectAltName = DNS:localhost, IP:127.0.0.1, IP:::1
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
CNF
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days $DAYS \
    -subj "/CN=Countersign Test CA" -keyout ca.key -out ca.pem \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
for name in a b; do
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=countersign-test-$name" \
        -keyout server-$name.key -out server-$name.csr
    serial=$( [ "$name" = a ] && echo 0A || echo 0B )
    openssl x509 -req -in server-$name.csr -CA ca.pem -CAkey ca.key -set_serial 0x$serial -days $DAYS \
        -extfile san.cnf -out server-$name.pem
    rm server-$name.csr
done
# server-a's key under a passphrase (key_passphrase_env), and a file that is not PEM.
openssl pkcs8 -topk8 -in server-a.key -v2 aes-256-cbc -passout pass:test-passphrase -out server-a-encrypted.key
printf 'this is not a PEM file\n' > not-pem.txt
rm -f san.cnf ca.srl
