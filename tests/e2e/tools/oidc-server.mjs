// A real, independently written authorization server for the end-to-end tests: panva's
// oidc-provider (pinned in package-lock.json), configured for the client credentials grant.
//
//   node tools/oidc-server.mjs <port> <allowed-origin|none> [dpop-nonce]
//
// Listens on 127.0.0.1 only. `allowed-origin` is the playground's origin that CORS lets read
// token responses; `none` refuses every origin (for the CORS diagnosis tests). Clients:
//   basic-client       client_secret_basic, a secret with characters RFC 6749 §2.3.1 encodes
//   post-client        client_secret_post
//   jwt-client         private_key_jwt (ES256; public key from tests/fixtures/ec-public.pem)
//   secret-jwt-client  client_secret_jwt (HS256)
// Access tokens are JWTs for the resource https://api.example/orders (resource indicators), so
// the JWKS at /jwks verifies them. DPoP (RFC 9449, feature `dPoP`) is on: a token request with a
// `DPoP` proof gets a DPoP-bound token (`token_type: DPoP`, `cnf.jkt`); with `dpop-nonce` every
// proof must carry a server nonce (`requireNonce`), so the first one is refused with
// `400 use_dpop_nonce` and a `DPoP-Nonce` header (exposed to the page by oidc-provider's CORS). Discovery: /.well-known/openid-configuration. Also serves a
// protected resource at GET /api/orders that checks the bearer token against the JWKS (and a
// DPoP-bound token's proof, RFC 9449 §7).
import Provider from 'oidc-provider';
import { createHash, createPublicKey, generateKeyPairSync, randomBytes, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const port = Number(process.argv[2] ?? 4180);
const allowedOrigin = process.argv[3] ?? 'http://127.0.0.1:4173';
const issuer = `http://127.0.0.1:${port}`;
const requireDpopNonce = process.argv[4] === 'dpop-nonce';

export const CLIENTS = {
  basic: { id: 'basic-client', secret: 'p@ss w/rd+&:%=' },
  post: { id: 'post-client', secret: 'post-secret-0123456789' },
  jwt: { id: 'jwt-client', kid: 'fixture-ec' },
  secretJwt: { id: 'secret-jwt-client', secret: 'a-shared-secret-of-more-than-32-bytes-for-hs256' },
};
const RESOURCE = 'https://api.example/orders';
const OPAQUE_RESOURCE = 'https://api.example/opaque';
const SCOPES = 'orders:read orders:write';

const ecPublic = createPublicKey(readFileSync(join(here, '../../fixtures/ec-public.pem'))).export({ format: 'jwk' });
const keyPair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const signingKey = keyPair.privateKey.export({ format: 'jwk' });
const publicKey = keyPair.publicKey;

const common = { grant_types: ['client_credentials'], response_types: [], redirect_uris: [], scope: SCOPES, id_token_signed_response_alg: 'ES256' };
const provider = new Provider(issuer, {
  clients: [
    { ...common, client_id: CLIENTS.basic.id, client_secret: CLIENTS.basic.secret, token_endpoint_auth_method: 'client_secret_basic' },
    { ...common, client_id: CLIENTS.post.id, client_secret: CLIENTS.post.secret, token_endpoint_auth_method: 'client_secret_post' },
    {
      ...common,
      client_id: CLIENTS.jwt.id,
      token_endpoint_auth_method: 'private_key_jwt',
      token_endpoint_auth_signing_alg: 'ES256',
      jwks: { keys: [{ ...ecPublic, kid: CLIENTS.jwt.kid, use: 'sig', alg: 'ES256' }] },
    },
    {
      ...common,
      client_id: CLIENTS.secretJwt.id,
      client_secret: CLIENTS.secretJwt.secret,
      token_endpoint_auth_method: 'client_secret_jwt',
      token_endpoint_auth_signing_alg: 'HS256',
    },
  ],
  jwks: { keys: [{ ...signingKey, kid: 'as-signing-key', use: 'sig', alg: 'ES256' }] },
  scopes: SCOPES.split(' '),
  clientBasedCORS: (ctx, origin) => allowedOrigin !== 'none' && origin === allowedOrigin,
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    introspection: { enabled: true },
    revocation: { enabled: true },
    dPoP: { enabled: true, nonceSecret: randomBytes(32), requireNonce: () => requireDpopNonce },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => RESOURCE,
      useGrantedResource: () => true,
      // JWT access tokens, except for OPAQUE_RESOURCE (opaque tokens, for introspection tests).
      getResourceServerInfo: (ctx, resourceIndicator) => (resourceIndicator === OPAQUE_RESOURCE
        ? { scope: SCOPES, audience: resourceIndicator, accessTokenTTL: 300, accessTokenFormat: 'opaque' }
        : {
          scope: SCOPES,
          audience: resourceIndicator,
          accessTokenTTL: 300,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'ES256' } },
        }),
    },
  },
  ttl: { ClientCredentials: 300 },
});
provider.proxy = false;

// Endpoints that misbehave, for the failure diagnosis tests: one never answers, one redirects.
provider.use(async (ctx, next) => {
  if (ctx.path === '/hang') {
    ctx.set('Access-Control-Allow-Origin', '*');
    await new Promise(() => {});
  }
  if (ctx.path === '/moved') {
    ctx.set('Access-Control-Allow-Origin', '*');
    ctx.status = 302;
    ctx.set('Location', `${issuer}/token`);
    return;
  }
  return next();
});

// A protected resource (RFC 6750): GET /api/orders with a bearer token issued above, or a
// DPoP-bound one with its proof (RFC 9449 §7: `Authorization: DPoP`, a proof for this method and
// URL whose key is the token's cnf.jkt and whose ath is the token's hash; with `dpop-nonce`, the
// proof must also carry this resource's nonce, handed out by `401 use_dpop_nonce`, §9).
const apiNonce = randomBytes(16).toString('base64url');
provider.use(async (ctx, next) => {
  if (ctx.path !== '/api/orders') return next();
  const origin = ctx.get('Origin');
  if (origin && allowedOrigin !== 'none' && origin === allowedOrigin) {
    ctx.set('Access-Control-Allow-Origin', origin);
    ctx.set('Access-Control-Allow-Headers', 'authorization, dpop');
    ctx.set('Access-Control-Expose-Headers', 'www-authenticate, dpop-nonce');
  }
  if (ctx.method === 'OPTIONS') { ctx.status = 204; return; }
  const auth = ctx.get('Authorization');
  if (auth.startsWith('DPoP ')) return dpopResource(ctx, auth.slice(5));
  const token = auth.startsWith('Bearer ') ? auth.slice(7) : '';
  if (!token) {
    ctx.status = 401;
    ctx.set('WWW-Authenticate', 'Bearer realm="orders"');
    return;
  }
  try {
    const payload = verifyAccessToken(token);
    if (payload.cnf?.jkt) throw new Error('a DPoP-bound token must be sent with the DPoP scheme and a proof');
    ctx.body = { orders: [{ id: 1, item: 'widget' }], client_id: payload.client_id, scope: payload.scope };
  } catch (e) {
    ctx.status = 401;
    ctx.set('WWW-Authenticate', `Bearer realm="orders", error="invalid_token", error_description="${String(e.message).replace(/"/g, "'")}"`);
  }
});

/** The resource's side of RFC 9449 §7.1 (and §9 with `dpop-nonce`). */
async function dpopResource(ctx, token) {
  const refuse = (error, description) => {
    ctx.status = 401;
    ctx.set('WWW-Authenticate', `DPoP error="${error}", error_description="${description.replace(/"/g, "'")}", algs="ES256 RS256"`);
    if (error === 'use_dpop_nonce') ctx.set('DPoP-Nonce', apiNonce);
  };
  let claims;
  try {
    claims = verifyAccessToken(token);
  } catch (e) {
    return refuse('invalid_token', e.message);
  }
  try {
    const { payload, protectedHeader } = verifyProof(ctx.get('DPoP'));
    if (payload.htm !== ctx.method) throw new Error('htm mismatch');
    if (payload.htu !== `${issuer}/api/orders`) throw new Error('htu mismatch');
    if (Math.abs(Date.now() / 1000 - payload.iat) > 300) throw new Error('iat is not recent');
    if (payload.ath !== createHash('sha256').update(token).digest('base64url')) throw new Error('ath mismatch');
    if (thumbprint(protectedHeader.jwk) !== claims.cnf?.jkt) return refuse('invalid_token', 'the proof key is not the token key (cnf.jkt)');
    if (requireDpopNonce && payload.nonce !== apiNonce) return refuse('use_dpop_nonce', 'this resource requires its nonce in the DPoP proof');
  } catch (e) {
    return refuse('invalid_dpop_proof', e.message);
  }
  ctx.body = { orders: [{ id: 1, item: 'widget' }], client_id: claims.client_id, scope: claims.scope, cnf: claims.cnf };
}

/** Verifies a DPoP proof (ES256 or RS256) with the public JWK in its own header (RFC 9449 §4.3). */
function verifyProof(proof) {
  const [h, p, sig] = String(proof).split('.');
  if (!sig) throw new Error('not a JWS');
  const header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
  if (header.typ !== 'dpop+jwt') throw new Error('typ is not dpop+jwt');
  if (!['ES256', 'RS256'].includes(header.alg) || !header.jwk || header.jwk.d) throw new Error('bad alg or jwk');
  const key = createPublicKey({ key: header.jwk, format: 'jwk' });
  const ok = verify('sha256', Buffer.from(`${h}.${p}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(sig, 'base64url'));
  if (!ok) throw new Error('bad signature');
  return { protectedHeader: header, payload: JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) };
}

/** RFC 7638 thumbprint of an EC or RSA public JWK. */
function thumbprint(jwk) {
  const members = jwk.kty === 'EC' ? { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y } : { e: jwk.e, kty: jwk.kty, n: jwk.n };
  return createHash('sha256').update(JSON.stringify(members)).digest('base64url');
}

/** Verifies an ES256 JWT access token issued above (RFC 9068): signature, iss, aud, exp. */
function verifyAccessToken(token) {
  const [header, payload, signature] = token.split('.');
  if (!signature) throw new Error('not a JWT');
  const ok = verify('sha256', Buffer.from(`${header}.${payload}`), { key: publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'));
  if (!ok) throw new Error('bad signature');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  if (claims.iss !== issuer) throw new Error('wrong issuer');
  if (claims.aud !== RESOURCE) throw new Error('wrong audience');
  if (claims.exp * 1000 <= Date.now()) throw new Error('token expired');
  return claims;
}

const server = provider.listen(port, '127.0.0.1', () => {
  console.log(`oidc-provider ${issuer} (CORS origin: ${allowedOrigin}${requireDpopNonce ? ', DPoP nonce required' : ''})`);
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
