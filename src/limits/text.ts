/**
 * Text the database and the audit trail must never receive (docs/ARCHITECTURE.md §7), refused before anything
 * executes with 400 BAD_USER_INPUT naming the place (`extensions.field`):
 *   - control characters, Unicode category Cc, except TAB, LF and CR: U+0000 breaks PostgreSQL (text cannot hold
 *     NUL: an encoding error, once a masked 500 after a mutation had started), and the others (ESC, DEL, the C1 range
 *     U+0080–U+009F) have no place in names, addresses or reasons but can rewrite terminals and log viewers that show
 *     audit records;
 *   - lone UTF-16 surrogates (JSON allows `"\ud800"`): UTF-8 cannot encode them, so the drivers would silently store
 *     U+FFFD instead of what the client sent.
 * Checked in one place for every operation: every string of the request's variables (nested input objects and lists
 * included, whatever their type) and every string literal of the document (arguments, input objects, lists, default
 * values, directives). Resolvers need no check of their own.
 */
import { Kind, visit, type ASTNode, type DocumentNode, type ValueNode } from 'graphql';
import { gatewayError } from '../errors/catalogue.ts';

/** C0 except TAB (09), LF (0A), CR (0D); DEL (7F); C1 (80–9F). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** At most this many problems are listed (the first one is `extensions.field`). */
const MAX_PROBLEMS = 10;
const MAX_PATH_LENGTH = 200;

export interface TextProblem {
  field: string;
  reason: string;
}

/** Why `text` is refused, or undefined. */
export function textProblem(text: string): string | undefined {
  const control = CONTROL.exec(text);
  if (control !== null) {
    const code = (control[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
    return `contains the control character U+${code} (only TAB, LF and CR are allowed)`;
  }
  if (LONE_SURROGATE.test(text)) return 'contains a lone UTF-16 surrogate (not valid Unicode text)';
  return undefined;
}

/**
 * Every refused string of the variables and of the document's literals, by path: `input.to[1].organisation` (in the
 * variables: the argument path when the variable is named like the argument, as src/errors/mask.ts names graphql-js's
 * own refusals), `communeCode` (a literal argument), `@include.if` (a directive's).
 */
export function textProblems(document: DocumentNode, variables: Readonly<Record<string, unknown>>): TextProblem[] {
  const problems: TextProblem[] = [...literalProblems(document)];
  const note = collector(problems);
  for (const [name, value] of Object.entries(variables)) walkJson(value, name, note);
  return problems;
}

/** The document's literals: the same for every request of a document (Apollo reuses parsed documents), so cached. */
const literalProblemsByDocument = new WeakMap<DocumentNode, readonly TextProblem[]>();

function literalProblems(document: DocumentNode): readonly TextProblem[] {
  const cached = literalProblemsByDocument.get(document);
  if (cached !== undefined) return cached;
  const problems: TextProblem[] = [];
  const note = collector(problems);
  visit(document, {
    Argument(node, _key, _parent, _path, ancestors) {
      walkLiteral(node.value, `${ownerName(ancestors)}${node.name.value}`, note);
      return false;
    },
    VariableDefinition(node) {
      if (node.defaultValue !== undefined) walkLiteral(node.defaultValue, node.variable.name.value, note);
      return false;
    },
  });
  literalProblemsByDocument.set(document, problems);
  return problems;
}

function collector(problems: TextProblem[]): (field: string, text: string) => void {
  return (field, text) => {
    if (problems.length >= MAX_PROBLEMS) return;
    const reason = textProblem(text);
    if (reason !== undefined) problems.push({ field, reason });
  };
}

/** Throws 400 BAD_USER_INPUT when the request carries refused text. */
export function assertCleanText(document: DocumentNode, variables: Readonly<Record<string, unknown>>): void {
  const problems = textProblems(document, variables);
  const [first] = problems;
  if (first === undefined) return;
  throw gatewayError('BAD_USER_INPUT', `"${first.field}" ${first.reason}`, {
    field: first.field,
    reason: first.reason,
    problems,
    // A refusal of the whole request, before execution (BAD_USER_INPUT is otherwise a field error).
    http: { status: 400 },
  });
}

/** The prefix of an argument's path: none for a field's argument, `@name.` for a directive's. */
function ownerName(ancestors: readonly (ASTNode | readonly ASTNode[])[]): string {
  const owner = ancestors[ancestors.length - 1];
  return owner !== undefined && !Array.isArray(owner) && (owner as ASTNode).kind === Kind.DIRECTIVE
    ? `@${(owner as { name: { value: string } }).name.value}.`
    : '';
}

/** A value inside the variables, with the way back to its variable (paths are spelled only for problems). */
interface Place {
  readonly value: unknown;
  readonly parent: Place | undefined;
  /** `name` (a variable), `.key` or `[index]`. */
  readonly step: string;
}

/**
 * Iterative, not recursive: JSON.parse accepts variables nested tens of thousands deep (graphql-js then refuses
 * them), which would overflow the stack of a recursive walk.
 */
function walkJson(root: unknown, name: string, note: (field: string, text: string) => void): void {
  const stack: Place[] = [{ value: root, parent: undefined, step: name }];
  for (let place = stack.pop(); place !== undefined; place = stack.pop()) {
    const { value } = place;
    if (typeof value === 'string') {
      if (textProblem(value) !== undefined) note(spell(place), value);
    } else if (Array.isArray(value)) {
      for (let index = value.length - 1; index >= 0; index -= 1) {
        stack.push({ value: value[index], parent: place, step: `[${index}]` });
      }
    } else if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value);
      for (let index = entries.length - 1; index >= 0; index -= 1) {
        const [key, item] = entries[index] as [string, unknown];
        stack.push({ value: item, parent: place, step: `.${key}` });
      }
    }
  }
}

/** The path of a place, e.g. `input.to[1].organisation`; shortened in the middle past MAX_PATH_LENGTH. */
function spell(place: Place): string {
  const steps: string[] = [];
  for (let at: Place | undefined = place; at !== undefined; at = at.parent) steps.push(at.step);
  const path = steps.reverse().join('');
  return path.length <= MAX_PATH_LENGTH
    ? path
    : `${path.slice(0, MAX_PATH_LENGTH / 2)}…${path.slice(-MAX_PATH_LENGTH / 2)}`;
}

function walkLiteral(node: ValueNode, path: string, note: (field: string, text: string) => void): void {
  if (node.kind === Kind.STRING) note(path, node.value);
  else if (node.kind === Kind.LIST) node.values.forEach((item, index) => walkLiteral(item, `${path}[${index}]`, note));
  else if (node.kind === Kind.OBJECT) {
    for (const field of node.fields) walkLiteral(field.value, `${path}.${field.name.value}`, note);
  }
}
