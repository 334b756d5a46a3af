import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Request, RequestHandler } from 'express';
import { REPO_ROOT } from '../common/config.ts';
import { AUDIT_UNAVAILABLE } from './audit/plugin.ts';
import type { AuditRecorder } from './audit/recorder.ts';
import type { GatewayContext } from './context.ts';
import { ORI_PATTERN } from './identity/caller.ts';
import type { Logger } from './logger.ts';

/**
 * Trusted documents: an allow-list of operations (the manifest: sha256 of each operation's exact text →
 * that text), enforced for the agencies that ask for it. For a caller of such an agency only a document of
 * the manifest runs — sent by its hash (`extensions.persistedQuery.sha256Hash`) or as its exact text —
 * and anything else is refused 400 `DOCUMENT_NOT_TRUSTED` (no document at all: `PERSISTED_QUERY_REQUIRED`)
 * before any GraphQL work, and recorded in the audit trail with the text it carried.
 *
 * A hash of the manifest is resolved to its text for every caller, before the operation limits: the limits
 * read the text, so no operation skips them (why Apollo's automatic persisted queries stay off).
 */
export interface TrustedDocumentsConfig {
  /** Agencies (ORIs) whose callers may run only trusted documents; `*` is every agency. Empty: off. */
  oris: readonly string[];
  /** sha256 (hex) of each trusted operation's text → the text. */
  documents: ReadonlyMap<string, string>;
}

export const DOCUMENT_NOT_TRUSTED = 'DOCUMENT_NOT_TRUSTED';
export const PERSISTED_QUERY_REQUIRED = 'PERSISTED_QUERY_REQUIRED';
export const DEFAULT_TRUSTED_DOCUMENTS_FILE = path.join(REPO_ROOT, 'trusted-documents.json');

/**
 * From the environment: `TRUSTED_DOCUMENTS_ORIS` (comma-separated ORIs, or `*`; default none: off) and
 * `TRUSTED_DOCUMENTS_FILE` (the manifest; default trusted-documents.json of the repository). Throws on an
 * invalid ORI, or when enforcement is on and the manifest is missing (fail closed).
 */
export function trustedDocumentsFromEnv(env: NodeJS.ProcessEnv): TrustedDocumentsConfig {
  const oris = (env.TRUSTED_DOCUMENTS_ORIS ?? '')
    .split(',')
    .map((ori) => ori.trim().toUpperCase())
    .filter((ori) => ori !== '');
  const invalid = oris.filter((ori) => ori !== '*' && !ORI_PATTERN.test(ori));
  if (invalid.length > 0) throw new Error(`TRUSTED_DOCUMENTS_ORIS: not an ORI: ${invalid.join(', ')} (9 characters, e.g. CA0190000, or *)`);
  const file = env.TRUSTED_DOCUMENTS_FILE ?? DEFAULT_TRUSTED_DOCUMENTS_FILE;
  if (!existsSync(file)) {
    if (oris.length > 0) throw new Error(`TRUSTED_DOCUMENTS_ORIS is set but the manifest ${file} does not exist (TRUSTED_DOCUMENTS_FILE)`);
    return { oris, documents: new Map() };
  }
  return { oris, documents: loadTrustedDocuments(file) };
}

/** Reads a manifest, refusing one whose key is not the sha256 of its text (an edited or corrupt manifest). */
export function loadTrustedDocuments(file: string): Map<string, string> {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new Error(`${file}: a trusted-documents manifest is a JSON object of sha256 → operation text`);
  const documents = new Map<string, string>();
  for (const [hash, text] of Object.entries(parsed)) {
    if (typeof text !== 'string' || sha256(text) !== hash)
      throw new Error(`${file}: entry ${hash} is not the sha256 of its operation text`);
    documents.set(hash, text);
  }
  return documents;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Express middleware for `/graphql`, after the caller is known and the body parsed, before the operation
 * limits: resolves trusted hashes to their text and enforces the allow-list for the configured agencies.
 */
export function trustedDocuments(config: TrustedDocumentsConfig, recorder: AuditRecorder, logger: Logger): RequestHandler {
  const everyAgency = config.oris.includes('*');
  const enforcedFor = new Set(config.oris);
  return async (req, res, next) => {
    const context = res.locals.gatewayContext as GatewayContext;
    const ori = context.caller?.ori;
    const enforced = everyAgency || (enforcedFor.size > 0 && (ori === undefined || enforcedFor.has(ori)));
    const request = graphqlRequestOf(req);
    const hash = request?.persistedHash;
    const text = request?.query ?? (hash === undefined ? undefined : config.documents.get(hash));
    if (request && text !== undefined && config.documents.has(sha256(text)) && (hash === undefined || hash === sha256(text))) {
      request.resolve(text); // the text for the limits and Apollo; no persistedQuery, which Apollo would refuse
      next();
      return;
    }
    if (!enforced) {
      next(); // not an allow-listed document: Apollo Server answers as it does without this module
      return;
    }
    const refusal: Refusal = request
      ? {
          code: DOCUMENT_NOT_TRUSTED,
          message: 'This operation is not a trusted document: your agency runs only the operations of its trusted-documents manifest.',
        }
      : {
          code: PERSISTED_QUERY_REQUIRED,
          message: 'No GraphQL document: your agency runs trusted documents only; send one by its sha256 hash.',
        };
    logger.info(
      { requestId: context.requestId, sub: context.caller?.sub, ori, code: refusal.code, hash },
      'operation refused: not a trusted document',
    );
    const query = request?.query;
    // A hash the caller sent goes into the trail only when it looks like one (it is the caller's text).
    const operationHash = query !== undefined ? sha256(query) : hash !== undefined && SHA256_HEX.test(hash) ? hash : null;
    try {
      await recorder.record(context, {
        outcome: 'ERROR',
        reason: `${refusal.code}: ${ori ?? 'an unknown agency'} runs trusted documents only (sha256 ${operationHash ?? 'none'})`,
        operation: { name: request?.operationName ?? null, hash: operationHash, text: query ?? null },
      });
    } catch {
      res.status(503).json({ errors: [AUDIT_UNAVAILABLE] });
      return;
    }
    res.status(400).json({ errors: [{ message: refusal.message, extensions: { code: refusal.code } }] });
  };
}

interface Refusal {
  code: typeof DOCUMENT_NOT_TRUSTED | typeof PERSISTED_QUERY_REQUIRED;
  message: string;
}

interface GraphQLRequest {
  query?: string;
  operationName?: string;
  persistedHash?: string;
  /** Makes Apollo Server (and the limits before it) see `text` as the query, without the persisted-query extension. */
  resolve(text: string): void;
}

/** The request's query and persisted-query hash, from the JSON body (POST) or the query string (GET). */
function graphqlRequestOf(req: Request): GraphQLRequest | undefined {
  const isGet = req.method === 'GET';
  const source: unknown = isGet ? req.query : req.body;
  if (typeof source !== 'object' || source === null || Array.isArray(source)) return undefined;
  const fields = source as Record<string, unknown>;
  const extensions = objectOf(fields.extensions);
  const persisted = objectOf(extensions?.persistedQuery);
  const query = typeof fields.query === 'string' ? fields.query : undefined;
  const persistedHash = typeof persisted?.sha256Hash === 'string' ? persisted.sha256Hash : undefined;
  if (query === undefined && persistedHash === undefined) return undefined;
  return {
    query,
    operationName: typeof fields.operationName === 'string' ? fields.operationName : undefined,
    persistedHash,
    resolve(text) {
      const rest = { ...extensions };
      delete rest.persistedQuery;
      const resolved: Record<string, unknown> = { ...fields, query: text };
      if (Object.keys(rest).length > 0) resolved.extensions = isGet ? JSON.stringify(rest) : rest;
      else delete resolved.extensions;
      if (!isGet) {
        req.body = resolved;
        return;
      }
      // Apollo Server and req.query (the limits) both read a GET's operation from the URL.
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(resolved)) if (typeof value === 'string') params.set(key, value);
      req.url = `${req.url.split('?')[0]}?${params}`;
    },
  };
}

/** An object, or the JSON text of one (GET sends `extensions` as JSON). */
function objectOf(value: unknown): Record<string, unknown> | undefined {
  let parsed = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value) as unknown;
    } catch {
      return undefined;
    }
  }
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
}
