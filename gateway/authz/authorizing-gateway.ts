import { createHash } from 'node:crypto';
import type {
  GatewayExecutionResult,
  GatewayExecutor,
  GatewayGraphQLRequestContext,
  GatewayInterface,
  GatewaySchemaLoadOrUpdateCallback,
  GatewayUnsubscriber,
} from '@apollo/server-gateway-interface';
import { BREAK, execute, GraphQLError, print, visit, type DocumentNode, type GraphQLSchema } from 'graphql';
import { LruCache } from '../../common/lru.ts';
import { isNotFound } from '../../common/not-found.ts';
import type { ShadowDifference, ShadowRecord } from '../../audit/event.ts';
import type { PolicyInForce } from '../policy/live-policy.ts';
import type { Decision, DecisionContext, Policy, StaticDecision } from '../policy/types.ts';
import { StaticDecisionMemo, callerShape } from './caller-shape.ts';
import { AUDIT_INPUTS, Disclosure } from '../audit/disclosure.ts';
import { NotFoundHints } from './not-found.ts';
import { pruneDocument } from './prune.ts';
import { StaticReleases } from './released-by.ts';
import { ShadowPolicy, staticDifferences } from './shadow.ts';
import { ShieldedSchemas, type ShieldContext } from './shield.ts';
import { inSpan, inSpanSync } from '../observability/tracing.ts';
import { WithheldRecords, errorAt } from './withheld.ts';

/** What the authorizing gateway reads from, and writes back to, the per-request context. */
export interface AuthorizationState {
  decisionContext: DecisionContext;
  /**
   * Filled in after execution: every denial with its reason, what was disclosed, how many selections were
   * pruned, the rule that released each disclosed field, and (shadow mode) where the candidate differs.
   */
  outcome?: { denied: Decision[]; disclosure: Disclosure; pruned: number; releasedBy: string[]; shadow: ShadowRecord | null };
}

export interface AuthorizedContext {
  authorization: AuthorizationState;
  /** The policies captured at the purpose check: the whole request is decided under them. */
  policy: PolicyInForce;
}

/** Where the policies come from (gateway/policy/live-policy.ts). */
export interface PolicySource {
  /** Compiles the policies for a (new) API schema; throws when the live policy does not fit it. */
  load(apiSchema: GraphQLSchema): PolicyInForce;
  /** The policies in force now; a reload swaps in a new object. */
  readonly current: PolicyInForce | undefined;
}

interface SchemaState {
  apiSchema: GraphQLSchema;
  notFoundHints: NotFoundHints;
}

/**
 * Everything derived from one `PolicyInForce` (live policy + candidate), built on its first request and
 * dropped with it: decisions, shielded schemas and rewritten operations are thereby keyed by the policy
 * versions, and a request pinned to a replaced policy still finds its own.
 */
interface PolicyState {
  apiSchema: GraphQLSchema;
  policy: Policy;
  shielded: ShieldedSchemas;
  memo: StaticDecisionMemo;
  releases: StaticReleases;
  shadow?: ShadowPolicy;
  rewrites: LruCache<string, Rewrite>;
}

interface Rewrite {
  document: DocumentNode;
  source: string;
  queryHash: string;
  pruned: number;
  /** Shadow mode: the context-only differences on the operation's fields. */
  staticDifferences?: readonly ShadowDifference[];
}

const REWRITE_CACHE_SIZE = 2000;
export const RESERVED_ALIAS_PREFIX = '_authz_';

/**
 * Field-level authorization around an Apollo Gateway (docs/architecture.md, "How a request flows" and
 * "Decisions and why"): an Apollo Server `GatewayInterface` whose executor
 *  1. prunes fields denied by context alone from the document before the inner gateway plans it, so no
 *     source is asked for them (mutations included);
 *  2. runs the inner gateway on the rewritten document under its own query hash (plans are cached by
 *     hash; reusing the original would serve one caller's pruned plan to another);
 *  3. executes the caller's original document over the result with the shielded schema: denied fields
 *     become null with a FORBIDDEN error at their path, data-dependent rules see the real data.
 */
export class AuthorizingGateway implements GatewayInterface {
  private schema?: SchemaState;
  private readonly derived = new WeakMap<PolicyInForce, PolicyState>();
  private innerExecutor?: GatewayExecutor;

  constructor(
    private readonly inner: GatewayInterface,
    private readonly policies: PolicySource,
    /** Tests only, never from configuration: a deliberately broken gateway the authorization oracle must catch. */
    private readonly testMutant?: AuthorizationMutant,
  ) {}

  /** True once a schema is loaded and its policy compiled: part of /ready. */
  get ready(): boolean {
    return this.schema !== undefined && this.innerExecutor !== undefined && this.policies.current !== undefined;
  }

  onSchemaLoadOrUpdate(callback: GatewaySchemaLoadOrUpdateCallback): GatewayUnsubscriber {
    return this.inner.onSchemaLoadOrUpdate((schemaContext) => {
      // Compile first: an invalid policy must stop the gateway before Apollo serves the schema.
      const inForce = this.policies.load(schemaContext.apiSchema);
      this.schema = { apiSchema: schemaContext.apiSchema, notFoundHints: new NotFoundHints(schemaContext.apiSchema) };
      this.stateFor(inForce, this.schema); // built now, so that the first request does not wait for it
      callback(schemaContext);
    });
  }

  private stateFor(inForce: PolicyInForce, schema: SchemaState): PolicyState {
    let state = this.derived.get(inForce);
    if (!state) {
      const policy = inForce.live;
      state = {
        apiSchema: schema.apiSchema,
        policy,
        shielded: new ShieldedSchemas(schema.apiSchema, policy),
        memo: new StaticDecisionMemo(policy),
        releases: new StaticReleases(policy),
        ...(inForce.candidate ? { shadow: new ShadowPolicy(inForce.candidate) } : {}),
        rewrites: new LruCache(REWRITE_CACHE_SIZE),
      };
      this.derived.set(inForce, state);
    }
    return state;
  }

  async load(options: Parameters<GatewayInterface['load']>[0]) {
    const { executor } = await this.inner.load(options);
    if (!executor) throw new Error('the inner gateway has no executor');
    this.innerExecutor = executor;
    return { executor: (requestContext: GatewayGraphQLRequestContext) => this.execute(requestContext) };
  }

  stop(): Promise<void> {
    return this.inner.stop();
  }

  private async execute(requestContext: GatewayGraphQLRequestContext): Promise<GatewayExecutionResult> {
    const schema = this.schema;
    const innerExecutor = this.innerExecutor;
    const { authorization, policy: inForce } = requestContext.context as Partial<AuthorizedContext>;
    if (!schema || !innerExecutor) throw new Error('gateway is not loaded');
    // Fail closed: a request that reached execution without a decided caller is a wiring bug.
    if (!authorization) throw new Error('no authorization state on the request context');
    if (!inForce) throw new Error('no policy pinned on the request context');
    const state = this.stateFor(inForce, schema);

    const reserved = findReservedAlias(requestContext.document);
    if (reserved) {
      return {
        errors: [
          new GraphQLError(`Aliases starting with "${RESERVED_ALIAS_PREFIX}" are reserved by the gateway ("${reserved}").`, {
            extensions: { code: 'BAD_USER_INPUT' },
          }),
        ],
      };
    }

    const shape = callerShape(authorization.decisionContext);
    const memoised = state.memo.for(shape, authorization.decisionContext);
    const decideStatically = this.testMutant === 'no-prune' ? allowInsteadOfDeny(memoised) : memoised;
    const decideCandidate = state.shadow?.decider(shape, authorization.decisionContext);
    const rewrite = inSpanSync('clets.prune', {}, () => this.rewrite(state, requestContext, shape, decideStatically, decideCandidate));
    const shadow = decideCandidate && state.shadow?.compare(authorization.decisionContext, decideCandidate);
    shadow?.add(rewrite.staticDifferences ?? []);
    const result = await innerExecutor({
      ...requestContext,
      document: rewrite.document,
      source: rewrite.source,
      queryHash: rewrite.queryHash,
    } as GatewayGraphQLRequestContext);
    const disclosure = new Disclosure();
    const outcome = (denied: Decision[]): NonNullable<AuthorizationState['outcome']> => ({
      denied,
      disclosure,
      pruned: rewrite.pruned,
      releasedBy: disclosure.releasedBy(state.releases.for(shape, authorization.decisionContext)),
      shadow: shadow?.record() ?? null,
    });
    if (!result.data || this.testMutant === 'no-shield') {
      authorization.outcome = outcome([]);
      return result;
    }

    // Always run: besides denying, this pass is where what the response discloses gets recorded.
    const withheld = new WithheldRecords();
    const shieldContext: ShieldContext = {
      decisionContext: authorization.decisionContext,
      decideStatically,
      denied: [],
      disclosure,
      withheld,
      ...(shadow ? { shadow } : {}),
    };
    const shielded = await inSpan('clets.shield', {}, async () =>
      execute({
        schema: state.shielded.for(shape, decideStatically, decideCandidate),
        document: requestContext.document,
        rootValue: result.data,
        contextValue: shieldContext,
        variableValues: requestContext.request.variables,
        operationName: requestContext.request.operationName,
      }),
    );
    authorization.outcome = outcome(shieldContext.denied);
    const deniedPaths = (shielded.errors ?? []).filter((e) => e.extensions.code === 'FORBIDDEN').map((e) => e.path ?? []);
    // Source errors point into the gateway's result: moved to the response's paths (withheld records shift
    // list indices), and dropped when inside a withheld record or a denied path.
    const sourceErrors = (result.errors ?? []).flatMap((error) => {
      const { document, operation } = requestContext;
      if (isNotFound(error) && !schema.notFoundHints.allowed(error.path, document, operation, shape, decideStatically)) return [];
      const path = error.path && withheld.responsePath(error.path);
      if (error.path && (!path || isHiddenPath(path, deniedPaths))) return [];
      return [path && path !== error.path ? errorAt(error, path) : error];
    });
    const errors = [...sourceErrors, ...(shielded.errors ?? [])];
    return {
      data: shielded.data as Record<string, unknown> | null,
      ...(errors.length > 0 ? { errors } : {}),
      ...(result.extensions ? { extensions: result.extensions } : {}),
    };
  }

  /** The pruned document for this operation and caller shape, cached (per policy state: per policy version). */
  private rewrite(
    state: PolicyState,
    requestContext: GatewayGraphQLRequestContext,
    shape: string,
    decideStatically: (coordinate: string) => StaticDecision,
    decideCandidate: ((coordinate: string) => StaticDecision) | undefined,
  ): Rewrite {
    const key = `${requestContext.queryHash}|${requestContext.request.operationName ?? ''}|${shape}`;
    let rewrite = state.rewrites.get(key);
    if (!rewrite) {
      const { apiSchema } = state;
      const { document, removed } = pruneDocument(apiSchema, requestContext.document, decideStatically, AUDIT_INPUTS, decideCandidate);
      const source = print(document);
      rewrite = {
        document,
        source,
        queryHash: createHash('sha256').update(source).digest('hex'),
        pruned: removed,
        ...(decideCandidate
          ? { staticDifferences: staticDifferences(apiSchema, requestContext.document, decideStatically, decideCandidate) }
          : {}),
      };
      state.rewrites.set(key, rewrite);
    }
    return rewrite;
  }
}

/** Source errors under a denied path, or about the gateway's own `_authz_` inputs, must not reach the caller. */
function isHiddenPath(
  path: ReadonlyArray<string | number> | undefined,
  deniedPaths: ReadonlyArray<ReadonlyArray<string | number>>,
): boolean {
  if (!path) return false;
  if (path.some((key) => typeof key === 'string' && key.startsWith(RESERVED_ALIAS_PREFIX))) return true;
  return deniedPaths.some((denied) => denied.length <= path.length && denied.every((key, i) => path[i] === key));
}

/**
 * Deliberately broken gateways (tests only): `no-shield` returns the sources' result without the shield
 * pass; `no-prune` turns every context-only denial into "allow", which both the prune and the shield's
 * skip-list rely on, so only data-dependent rules are still applied.
 */
export type AuthorizationMutant = 'no-shield' | 'no-prune';

function allowInsteadOfDeny(decide: ReturnType<StaticDecisionMemo['for']>): ReturnType<StaticDecisionMemo['for']> {
  return (coordinate) => {
    const decision = decide(coordinate);
    return decision.kind === 'deny' ? { kind: 'allow' } : decision;
  };
}

function findReservedAlias(document: DocumentNode): string | undefined {
  let found: string | undefined;
  visit(document, {
    Field(node) {
      const name = node.alias?.value ?? node.name.value;
      if (!name.startsWith(RESERVED_ALIAS_PREFIX)) return undefined;
      found = name;
      return BREAK;
    },
  });
  return found;
}
