import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { documentHash } from '../examples/client.ts';
import { PlateToOwnerDocument } from '../examples/generated/graphql.ts';
import { loadTrustedDocuments, sha256 } from '../gateway/trusted-documents.ts';
import { REPO_ROOT } from '../common/config.ts';
import { CALLERS, headersFor, type TestCaller } from './support/callers.ts';
import { startStack, type Stack } from './support/stack.ts';
import { defaultLimitsConfig, MAX_SUBGRAPH_TIMEOUT_MS } from '../gateway/limits/config.ts';

/** The product's limits with the longest source deadline: these tests are about answers, not a busy machine's speed. */
function patientLimits() {
  const limits = defaultLimitsConfig();
  limits.sources.timeoutMs = Object.fromEntries(Object.keys(limits.sources.timeoutMs).map((name) => [name, MAX_SUBGRAPH_TIMEOUT_MS]));
  return limits;
}

/**
 * Trusted documents switched on for one agency (CA0190100, the investigator's and patrol's): its callers
 * run only the operations of the committed manifest, by hash or exact text; every other agency is as before.
 */
const PLATE_TEXT = String(PlateToOwnerDocument);
// A trusted document deeper than the operation limits allow (depth 15): trust does not lift the limits.
const TOO_DEEP = `{ vehicle(plate: "7WNT123", state: "CA") { ${'registeredOwner { vehicles { '.repeat(8)}plate${' } }'.repeat(8)} } }`;

let stack: Stack;
beforeAll(async () => {
  const documents = loadTrustedDocuments(path.join(REPO_ROOT, 'trusted-documents.json'));
  documents.set(sha256(TOO_DEEP), TOO_DEEP);
  stack = await startStack({ dataDir: inject('dataDir'), limits: patientLimits(), trustedDocuments: { oris: ['CA0190100'], documents } });
});
afterAll(async () => {
  await stack?.stop();
});

async function post(body: Record<string, unknown>, caller: TestCaller = CALLERS.patrol) {
  const response = await fetch(stack.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await headersFor(caller)) },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    body: (await response.json()) as {
      data?: Record<string, unknown> | null;
      errors?: { message: string; extensions?: { code?: string } }[];
    },
  };
}

const persisted = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });
const PLATE_VARIABLES = { plate: '7WNT123', state: 'CA' };

describe('trusted documents for an agency that switched them on', () => {
  it('runs a manifest document sent by its hash alone', async () => {
    const answer = await post({ variables: PLATE_VARIABLES, extensions: persisted(documentHash(PLATE_TEXT)) });
    expect(answer.status).toBe(200);
    expect(answer.body.data).toMatchObject({ vehicle: { registeredOwner: { id: 'P9000001' } } });
  });

  it('runs a manifest document sent as its exact text (with or without its hash)', async () => {
    expect((await post({ query: PLATE_TEXT, variables: PLATE_VARIABLES })).status).toBe(200);
    const both = await post({ query: PLATE_TEXT, variables: PLATE_VARIABLES, extensions: persisted(documentHash(PLATE_TEXT)) });
    expect(both.status).toBe(200);
    expect(both.body.errors).toBeUndefined();
  });

  it('runs a manifest query sent by GET with its hash', async () => {
    const url = new URL(stack.gatewayUrl);
    url.searchParams.set('variables', JSON.stringify(PLATE_VARIABLES));
    url.searchParams.set('extensions', JSON.stringify(persisted(documentHash(PLATE_TEXT))));
    const response = await fetch(url, { headers: { 'apollo-require-preflight': 'true', ...(await headersFor(CALLERS.patrol)) } });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ data: { vehicle: { registeredOwner: { id: 'P9000001' } } } });
  });

  it('refuses any other document 400 DOCUMENT_NOT_TRUSTED, and the refusal is in the audit trail with its text', async () => {
    const adHoc = '{ person(id: "P9000002") { name { full } } }';
    const answer = await post({ query: adHoc });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ errors: [expect.objectContaining({ extensions: { code: 'DOCUMENT_NOT_TRUSTED' } })] });
    const [event] = await stack.audit.query({ userId: CALLERS.patrol.sub, limit: 1 });
    expect(event).toMatchObject({
      outcome: 'ERROR',
      ori: 'CA0190100',
      operationText: adHoc,
      operationHash: sha256(adHoc),
      subjects: [],
      sources: [],
    });
    expect(event?.reason).toContain('DOCUMENT_NOT_TRUSTED');
  });

  it('refuses a trusted text changed by one character, an unknown hash, and a request with no document', async () => {
    expect((await post({ query: `${PLATE_TEXT} `, variables: PLATE_VARIABLES })).body.errors?.[0]?.extensions?.code).toBe(
      'DOCUMENT_NOT_TRUSTED',
    );
    expect((await post({ extensions: persisted('0'.repeat(64)) })).body.errors?.[0]?.extensions?.code).toBe('DOCUMENT_NOT_TRUSTED');
    // A trusted hash with someone else's text under it is not the trusted document.
    const swapped = await post({ query: '{ person(id: "P9000002") { name { full } } }', extensions: persisted(documentHash(PLATE_TEXT)) });
    expect(swapped).toMatchObject({ status: 400, body: { errors: [{ extensions: { code: 'DOCUMENT_NOT_TRUSTED' } }] } });
    const none = await post({ variables: PLATE_VARIABLES });
    expect(none).toMatchObject({ status: 400, body: { errors: [{ extensions: { code: 'PERSISTED_QUERY_REQUIRED' } }] } });
  });

  it('a trusted document still runs the operation limits', async () => {
    const answer = await post({ extensions: persisted(sha256(TOO_DEEP)) });
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'depth' });
  });
});

describe('agencies that did not switch them on', () => {
  it('run any document, and may send manifest documents by hash', async () => {
    const adHoc = await post({ query: '{ person(id: "P9000001") { name { full } } }' }, CALLERS.courtClerk);
    expect(adHoc.status).toBe(200);
    expect(adHoc.body.data).toEqual({ person: { name: { full: 'RIVERA, DANIEL JAMES' } } });
    const byHash = await post({ variables: PLATE_VARIABLES, extensions: persisted(documentHash(PLATE_TEXT)) }, CALLERS.courtClerk);
    expect(byHash.status).toBe(200);
  });

  it('get Apollo Server’s answer for a hash that is not in the manifest (no automatic persisted queries)', async () => {
    const answer = await post({ extensions: persisted('0'.repeat(64)) }, CALLERS.courtClerk);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_SUPPORTED');
  });
});
