import { generate } from 'selfsigned';

export interface SimulatorCertificate {
  /** PEM of the self-signed certificate; clients trust it by adding it as a CA. */
  cert: string;
  key: string;
}

let shared: Promise<SimulatorCertificate> | undefined;

/**
 * A self-signed certificate for `localhost` and `127.0.0.1` (and `::1`). Generated once per process:
 * every simulator (ConnectWise, JumpCloud) in a test run shares it, which keeps start-up fast.
 */
export function simulatorCertificate(): Promise<SimulatorCertificate> {
  shared ??= generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(Date.now() - 60_000),
    notAfterDate: new Date(Date.now() + 30 * 24 * 3600_000),
    extensions: [
      // A CA flag lets the certificate act as its own trust anchor when passed as `ca`.
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  }).then((pems) => ({ cert: pems.cert, key: pems.private }));
  return shared;
}
