import type { ErrorObject, ValidateFunction } from 'ajv';
import { isMap, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import type { PolicyProblem } from './problems.ts';

/** A path into a YAML document: map keys and sequence indices. */
export type Segments = (string | number)[];

export interface ParsedFile {
  name: string;
  content: Record<string, Record<string, unknown>>;
  /** The 1-based line of the node at `segments`, or of its nearest ancestor. */
  lineAt(segments: Segments): number;
}

/** Parses one policy file and validates it against the JSON schema; problems are appended to `problems`. */
export function parsePolicyFile(
  file: { name: string; text: string },
  validate: ValidateFunction,
  problems: PolicyProblem[],
): ParsedFile | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(file.text, { lineCounter, prettyErrors: false });
  for (const error of doc.errors) {
    problems.push({ file: file.name, line: lineCounter.linePos(error.pos[0]).line, message: `YAML: ${error.message}` });
  }
  if (doc.errors.length > 0) return undefined;
  const lineAt = (segments: Segments) => lineOf(doc, lineCounter, segments);
  const content = (doc.toJS() ?? {}) as Record<string, Record<string, unknown>>;
  if (!validate(content)) {
    for (const error of mostSpecific(validate.errors ?? [])) {
      problems.push({ file: file.name, ...describeSchemaError(error, lineAt) });
    }
    return undefined;
  }
  return { name: file.name, content, lineAt };
}

/**
 * Where a value may take several shapes (`anyOf`), ajv reports why every shape failed. Keep the errors
 * of the shape the author evidently meant: those deepest in the document.
 */
function mostSpecific(errors: readonly ErrorObject[]): ErrorObject[] {
  return errors.filter(
    (error) =>
      error.keyword !== 'anyOf' &&
      !errors.some((other) => other !== error && other.keyword !== 'anyOf' && other.instancePath.startsWith(`${error.instancePath}/`)),
  );
}

function describeSchemaError(error: ErrorObject, lineAt: (segments: Segments) => number): { line: number; message: string } {
  const segments = error.instancePath
    .split('/')
    .slice(1)
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s.replace(/~1/g, '/').replace(/~0/g, '~')));
  const where = segments.length > 0 ? segments.join('.') : 'file';
  if (error.keyword === 'additionalProperty' || error.keyword === 'additionalProperties') {
    const key = String((error.params as { additionalProperty: string }).additionalProperty);
    return { line: lineAt([...segments, key]), message: `${where}: unexpected key "${key}"` };
  }
  const allowed = error.keyword === 'enum' ? ` (${(error.params as { allowedValues: unknown[] }).allowedValues.join(', ')})` : '';
  return { line: lineAt(segments), message: `${where}: ${error.message ?? 'invalid'}${allowed}` };
}

/** The 1-based line of the node at `segments` (a key's line for map entries), or of its nearest ancestor. */
function lineOf(doc: Document, lineCounter: LineCounter, segments: Segments): number {
  for (let depth = segments.length; depth >= 0; depth--) {
    const parentNode = depth === 0 ? doc.contents : doc.getIn(segments.slice(0, depth - 1), true);
    if (depth > 0 && isMap(parentNode)) {
      const pair = parentNode.items.find((item) => isScalar(item.key) && item.key.value === segments[depth - 1]);
      const range = (pair?.key as { range?: [number, number, number] } | undefined)?.range;
      if (range) return lineCounter.linePos(range[0]).line;
    }
    const node = doc.getIn(segments.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
    if (node?.range) return lineCounter.linePos(node.range[0]).line;
  }
  return 1;
}
