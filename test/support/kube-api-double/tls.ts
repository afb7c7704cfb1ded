/**
 * A throwaway CA and a server certificate for 127.0.0.1/localhost. node:crypto cannot issue X.509
 * certificates and no certificate library is installed, so this calls openssl when the machine has it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TlsMaterial {
  caPem: string;
  certPem: string;
  keyPem: string;
}

const OPENSSL_CANDIDATES = ['/usr/bin/openssl', '/usr/local/bin/openssl', '/bin/openssl'];

export const opensslPath: string | undefined = OPENSSL_CANDIDATES.find((p) => existsSync(p));

let cached: TlsMaterial | undefined;

/** Generated once per process: key generation dominates the cost, and the material is never persisted. */
export function tlsMaterial(): TlsMaterial {
  if (cached) return cached;
  if (opensslPath === undefined)
    throw new Error('kube-api-double TLS mode needs openssl, which is not installed');
  const openssl = opensslPath;
  const dir = mkdtempSync(join(tmpdir(), 'kube-api-double-tls-'));
  const run = (...args: string[]): void => {
    execFileSync(openssl, args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  };
  try {
    run(
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=kube-api-double-ca',
      '-keyout',
      'ca.key',
      '-out',
      'ca.crt',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    );
    run(
      'req',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-subj',
      '/CN=kube-apiserver',
      '-keyout',
      'server.key',
      '-out',
      'server.csr',
    );
    writeFileSync(
      join(dir, 'ext.cnf'),
      'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature\nbasicConstraints=CA:FALSE\n',
    );
    run(
      'x509',
      '-req',
      '-in',
      'server.csr',
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-days',
      '1',
      '-extfile',
      'ext.cnf',
      '-out',
      'server.crt',
    );
    cached = {
      caPem: readFileSync(join(dir, 'ca.crt'), 'utf8'),
      certPem: readFileSync(join(dir, 'server.crt'), 'utf8'),
      keyPem: readFileSync(join(dir, 'server.key'), 'utf8'),
    };
    return cached;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
