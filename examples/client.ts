/**
 * A typed GraphQL client for the gateway, for agency developers and RMS vendors: plain `fetch`, no
 * framework. Documents come from GraphQL Code Generator (`examples/generated/`), so a result is typed
 * by the operation that asked for it and variables are checked at compile time.
 *
 * Every request carries the caller's bearer token and the stated purpose (`X-Purpose`), and the agency case
 * number when there is one (`X-Case-Number`). With `trusted: true` the client sends only the sha256 of each
 * operation (`extensions.persistedQuery`): the form an agency that runs trusted documents expects.
 */
import { createHash } from 'node:crypto';
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';

export interface ClientOptions {
  /** The gateway's GraphQL endpoint, e.g. `http://localhost:4000/graphql`. */
  url: string;
  /** The caller's bearer token (in production from the agency's identity provider). */
  token: string;
  /** Why the requests are made: a III purpose code (e.g. `C`) or `RECORD_REVIEW`. */
  purpose: string;
  /** The agency case number (OCA) the requests serve; some data needs one. */
  caseNumber?: string;
  /** Send each operation by its sha256 only (trusted documents) instead of its text. @default false */
  trusted?: boolean;
}

/** A GraphQL error as the gateway reports it: `extensions.code` says what kind (FORBIDDEN, BAD_USER_INPUT, ...). */
export interface GatewayError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string } & Record<string, unknown>;
}

/** A GraphQL answer: data (fields denied to the caller are null) and one error per denied or failed path. */
export interface GatewayResult<TResult> {
  data: TResult | null;
  errors: GatewayError[];
}

/** The gateway refused the request as a whole (HTTP status other than 200): no data. */
export class GatewayRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    message: string,
  ) {
    super(`HTTP ${status}${code ? ` ${code}` : ''}: ${message}`);
    this.name = 'GatewayRequestError';
  }
}

/** A generated document: its text and, in its type, the result and variables of the operation. */
export type TypedDocument<TResult, TVariables> = DocumentTypeDecoration<TResult, TVariables> & { toString(): string };

/** Variables are an argument only when the operation declares some. */
type VariablesArgument<TVariables> = Record<string, never> extends TVariables ? [variables?: TVariables] : [variables: TVariables];

/** The sha256 (hex) of an operation's text: its key in the trusted-documents manifest. */
export function documentHash(document: TypedDocument<unknown, unknown> | string): string {
  return createHash('sha256').update(String(document)).digest('hex');
}

export class GatewayClient {
  constructor(private readonly options: ClientOptions) {}

  /** Runs one operation; resolves with its typed data and errors, or throws GatewayRequestError. */
  async execute<TResult, TVariables>(
    document: TypedDocument<TResult, TVariables>,
    ...[variables]: VariablesArgument<TVariables>
  ): Promise<GatewayResult<TResult>> {
    const text = String(document);
    const body = this.options.trusted
      ? { variables, extensions: { persistedQuery: { version: 1, sha256Hash: documentHash(text) } } }
      : { query: text, variables };
    const response = await fetch(this.options.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        authorization: `Bearer ${this.options.token}`,
        'x-purpose': this.options.purpose,
        ...(this.options.caseNumber ? { 'x-case-number': this.options.caseNumber } : {}),
      },
      body: JSON.stringify(body),
    });
    const answer = (await response.json()) as { data?: TResult | null; errors?: GatewayError[] };
    if (response.status !== 200) {
      const first = answer.errors?.[0];
      throw new GatewayRequestError(response.status, first?.extensions?.code, first?.message ?? response.statusText);
    }
    return { data: answer.data ?? null, errors: answer.errors ?? [] };
  }
}
