// SD-JWT VC interoperability peer for Cachet's Go tests (interop/sdjwt_js_test.go).
//
// It drives @sd-jwt/sd-jwt-vc (the OpenWallet Foundation's reference
// implementation of SD-JWT, RFC 9901, and SD-JWT VC, typ "dc+sd-jwt") with keys
// given as JWKs, so that the Go side can check both directions: what Cachet
// issues verifies here, and what this library issues verifies in Cachet.
//
// Usage: node sdjwt.mjs < command.json
//
// Commands (one JSON object on standard input):
//
//   {"op": "verify", "sdjwt": "<SD-JWT+KB>", "issuer_jwk": {public JWK},
//    "nonce": "...", "aud": "...", "typ": "dc+sd-jwt", "now": <unix seconds>}
//     Verifies the issuer signature, every disclosure, the key binding JWT
//     (signature with the cnf key, nonce, sd_hash; aud is compared here because
//     the library leaves it to the caller) and prints
//     {"ok": true, "claims": {...}, "header": {...}, "kb": {...}}.
//
//   {"op": "issue", "claims": {...}, "frame": {disclosure frame},
//    "issuer_jwk": {private JWK}, "kid": "...", "holder_jwk": {public JWK},
//    "hash_alg": "sha-256" (the default) | "sha-384" | "sha-512",
//    "present": {"frame": {presentation frame}, "holder_jwk": {private JWK},
//                "nonce": "...", "aud": "...", "iat": <unix seconds>}}
//     Issues an SD-JWT VC (cnf.jwk = holder_jwk) and, when "present" is given,
//     a presentation of the selected disclosures with a key binding JWT.
//     Prints {"ok": true, "issued": "...", "presentation": "..."}.
//
//   {"op": "present", "sdjwt": "<SD-JWT as issued>", "frame": {...},
//    "holder_jwk": {private JWK}, "nonce": "...", "aud": "...", "iat": N}
//     Acts as the Holder of an SD-JWT issued elsewhere: selects the
//     disclosures of the presentation frame and adds a key binding JWT.
//     Prints {"ok": true, "presentation": "..."}.
//
// Failures print {"ok": false, "error": "..."} and exit with status 2, so the
// Go side can tell a rejected credential (2) from a broken script (1).
//
// EdDSA (Ed25519) keys sign and verify through node:crypto; ES256 keys through
// @sd-jwt/crypto-nodejs's ES256 helpers (WebCrypto, raw r||s signatures as JWS
// requires). Digests and salts come from @sd-jwt/crypto-nodejs.

import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { ES256, digest, generateSalt } from '@sd-jwt/crypto-nodejs';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';

// algOf maps a JWK to the one JWS algorithm it may be used with.
function algOf(jwk) {
  if (jwk && jwk.kty === 'OKP' && jwk.crv === 'Ed25519') return 'EdDSA';
  if (jwk && jwk.kty === 'EC' && jwk.crv === 'P-256') return 'ES256';
  throw new Error(`unsupported JWK (kty ${jwk && jwk.kty}, crv ${jwk && jwk.crv})`);
}

// publicOnly strips private members so a private JWK can be used to verify.
function publicOnly(jwk) {
  const { d, ...pub } = jwk;
  return pub;
}

async function signerFor(privateJwk) {
  const alg = algOf(privateJwk);
  if (alg === 'ES256') return { alg, signer: await ES256.getSigner(privateJwk) };
  const key = createPrivateKey({ key: privateJwk, format: 'jwk' });
  return { alg, signer: (data) => sign(null, Buffer.from(data), key).toString('base64url') };
}

async function verifierFor(publicJwk) {
  const alg = algOf(publicJwk);
  if (alg === 'ES256') return { alg, verifier: await ES256.getVerifier(publicOnly(publicJwk)) };
  const key = createPublicKey({ key: publicOnly(publicJwk), format: 'jwk' });
  return {
    alg,
    verifier: (data, sig) => verify(null, Buffer.from(data), key, Buffer.from(sig, 'base64url')),
  };
}

// headerOf decodes the protected header of a compact JWS.
function headerOf(jws) {
  return JSON.parse(Buffer.from(jws.split('.')[0], 'base64url').toString('utf8'));
}

async function verifyCmd(cmd) {
  const issuer = await verifierFor(cmd.issuer_jwk);
  const issuerHeader = headerOf(cmd.sdjwt.split('~')[0]);
  // RFC 8725 §3.1: the algorithm must be the one the key is for.
  if (issuerHeader.alg !== issuer.alg) {
    throw new Error(`issuer alg ${issuerHeader.alg}, key is for ${issuer.alg}`);
  }
  const sdjwt = new SDJwtVcInstance({
    hasher: digest,
    verifier: issuer.verifier,
    kbVerifier: async (data, sig, payload) => {
      const cnf = payload && payload.cnf && payload.cnf.jwk;
      if (!cnf) throw new Error('no cnf.jwk in the issuer-signed payload');
      const holder = await verifierFor(cnf);
      const parts = cmd.sdjwt.split('~');
      const kbHeader = headerOf(parts[parts.length - 1]);
      if (kbHeader.alg !== holder.alg) {
        throw new Error(`key binding alg ${kbHeader.alg}, cnf key is for ${holder.alg}`);
      }
      return holder.verifier(data, sig);
    },
  });
  const opts = { keyBindingNonce: cmd.nonce };
  if (cmd.now) opts.currentDate = cmd.now;
  const res = await sdjwt.verify(cmd.sdjwt, opts);
  if (cmd.typ && res.header.typ !== cmd.typ) {
    throw new Error(`typ ${res.header.typ}, want ${cmd.typ}`);
  }
  if (!res.kb) throw new Error('no key binding JWT verified');
  if (cmd.aud !== undefined && res.kb.payload.aud !== cmd.aud) {
    throw new Error(`key binding aud ${JSON.stringify(res.kb.payload.aud)}, want ${JSON.stringify(cmd.aud)}`);
  }
  return { ok: true, claims: res.payload, header: res.header, kb: res.kb };
}

async function issueCmd(cmd) {
  const issuer = await signerFor(cmd.issuer_jwk);
  const cfg = {
    hasher: digest,
    hashAlg: cmd.hash_alg ?? 'sha-256',
    saltGenerator: generateSalt,
    signer: issuer.signer,
    signAlg: issuer.alg,
  };
  if (cmd.present) {
    const holder = await signerFor(cmd.present.holder_jwk);
    cfg.kbSigner = holder.signer;
    cfg.kbSignAlg = holder.alg;
  }
  const sdjwt = new SDJwtVcInstance(cfg);
  const claims = { ...cmd.claims };
  if (cmd.holder_jwk) claims.cnf = { jwk: publicOnly(cmd.holder_jwk) };
  const header = cmd.kid ? { kid: cmd.kid } : undefined;
  const issued = await sdjwt.issue(claims, cmd.frame, header ? { header } : undefined);
  const out = { ok: true, issued };
  if (cmd.present) {
    out.presentation = await sdjwt.present(issued, cmd.present.frame, kbOptions(cmd.present));
  }
  return out;
}

// kbOptions builds the key binding payload of a present command.
function kbOptions(p) {
  return {
    kb: {
      payload: {
        iat: p.iat ?? Math.floor(Date.now() / 1000),
        aud: p.aud,
        nonce: p.nonce,
      },
    },
  };
}

async function presentCmd(cmd) {
  const holder = await signerFor(cmd.holder_jwk);
  const sdjwt = new SDJwtVcInstance({ hasher: digest, kbSigner: holder.signer, kbSignAlg: holder.alg });
  return { ok: true, presentation: await sdjwt.present(cmd.sdjwt, cmd.frame, kbOptions(cmd)) };
}

async function main() {
  const chunks = [];
  for await (const c of process.stdin) chunks.push(c);
  let cmd;
  try {
    cmd = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (e) {
    process.stdout.write(JSON.stringify({ ok: false, error: `bad command: ${e.message}` }));
    process.exit(1);
  }
  try {
    let out;
    if (cmd.op === 'verify') out = await verifyCmd(cmd);
    else if (cmd.op === 'issue') out = await issueCmd(cmd);
    else if (cmd.op === 'present') out = await presentCmd(cmd);
    else throw new Error(`unknown op ${JSON.stringify(cmd.op)}`);
    process.stdout.write(JSON.stringify(out));
  } catch (e) {
    process.stdout.write(JSON.stringify({ ok: false, error: String(e && e.message ? e.message : e) }));
    process.exit(2);
  }
}

main();
