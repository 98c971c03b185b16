import { StatusError, type KObject } from "./types";

// Label and field selectors with the grammar and the error messages of k8s.io/apimachinery/pkg/labels and
// pkg/fields, because kubectl prints the server's message verbatim (`Error from server (BadRequest): …`).

export type LabelOperator = "=" | "==" | "!=" | "in" | "notin" | "exists" | "!";

export interface LabelRequirement {
  key: string;
  operator: LabelOperator;
  values: string[];
}

export interface LabelSelector {
  readonly requirements: LabelRequirement[];
  /** True when the selector has no requirements and matches everything. */
  readonly empty: boolean;
  matches(labels: Record<string, string> | undefined): boolean;
}

export interface FieldSelector {
  readonly empty: boolean;
  /** The metadata.name the selector pins with `=` (used to answer `fieldSelector=metadata.name=x` without a scan). */
  readonly name?: string;
  readonly namespace?: string;
  /** Every field the selector pins with `=`/`==`, so callers can answer from an index (spec.nodeName=node-1). */
  readonly pinned?: Record<string, string>;
  matches(obj: KObject): boolean;
}

function badRequest(message: string): StatusError {
  return new StatusError(400, "BadRequest", message);
}

// ---------------------------------------------------------------------------------------------------------------
// Label selectors

type Token = "id" | "in" | "notin" | "=" | "==" | "!=" | "!" | "(" | ")" | "," | "eos" | "<" | ">";

function tokenize(input: string): { tok: Token; lit: string }[] {
  const out: { tok: Token; lit: string }[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i];
    if (ch === " " || ch === "\t" || ch === "\n" || ch === "\r") {
      i++;
      continue;
    }
    if (ch === "!" && input[i + 1] === "=") {
      out.push({ tok: "!=", lit: "!=" });
      i += 2;
    } else if (ch === "=" && input[i + 1] === "=") {
      out.push({ tok: "==", lit: "==" });
      i += 2;
    } else if (ch === "=" || ch === "!" || ch === "(" || ch === ")" || ch === "," || ch === "<" || ch === ">") {
      out.push({ tok: ch as Token, lit: ch });
      i++;
    } else {
      let j = i;
      while (j < input.length && !" \t\n\r=!(),<>".includes(input[j])) j++;
      const lit = input.slice(i, j);
      out.push({ tok: lit === "in" ? "in" : lit === "notin" ? "notin" : "id", lit });
      i = j;
    }
  }
  out.push({ tok: "eos", lit: "" });
  return out;
}

const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Errors of IsQualifiedName (label and annotation keys), [] when valid. */
export function qualifiedNameErrors(key: string): string[] {
  const parts = key.split("/");
  let name = key;
  const errs: string[] = [];
  if (parts.length === 2) {
    const [prefix, rest] = parts;
    name = rest;
    if (prefix.length === 0) errs.push("prefix part must be non-empty");
    else if (prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix)) {
      errs.push(
        "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      );
    }
  } else if (parts.length > 2) {
    return [
      "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ];
  }
  if (name.length === 0) errs.push("name part must be non-empty");
  else if (name.length > 63) errs.push("name part must be no more than 63 characters");
  if (name.length > 0 && !QUALIFIED_NAME.test(name)) {
    errs.push(
      "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    );
  }
  return errs;
}

/** Errors of IsValidLabelValue, [] when valid. */
export function labelValueErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push("must be no more than 63 characters");
  if (!LABEL_VALUE.test(value)) {
    errs.push(
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    );
  }
  return errs;
}

function requirementMatches(req: LabelRequirement, labels: Record<string, string> | undefined): boolean {
  const has = labels !== undefined && Object.prototype.hasOwnProperty.call(labels, req.key);
  const value = has ? labels![req.key] : undefined;
  switch (req.operator) {
    case "=":
    case "==":
    case "in":
      return has && req.values.includes(value!);
    case "!=":
    case "notin":
      return !has || !req.values.includes(value!);
    case "exists":
      return has;
    case "!":
      return !has;
  }
}

function makeLabelSelector(requirements: LabelRequirement[]): LabelSelector {
  return {
    requirements,
    empty: requirements.length === 0,
    matches(labels) {
      for (const req of requirements) if (!requirementMatches(req, labels)) return false;
      return true;
    },
  };
}

export const EVERYTHING: LabelSelector = makeLabelSelector([]);

/** Parses `app=web,tier in (a,b),!canary`. Throws StatusError 400 BadRequest with the apimachinery message. */
export function parseLabelSelector(input: string | undefined): LabelSelector {
  if (!input || !input.trim()) return EVERYTHING;
  try {
    return makeLabelSelector(parseRequirements(input));
  } catch (err) {
    if (err instanceof Error && !(err instanceof StatusError)) throw badRequest(err.message);
    throw err;
  }
}

function parseRequirements(input: string): LabelRequirement[] {
  const tokens = tokenize(input);
  let pos = 0;
  const peek = () => tokens[pos];
  const next = () => tokens[Math.min(pos++, tokens.length - 1)];
  const requirements: LabelRequirement[] = [];

  const parseRequirement = (): LabelRequirement => {
    let { tok, lit } = next();
    let operator: LabelOperator | undefined;
    if (tok === "!") {
      operator = "!";
      ({ tok, lit } = next());
    }
    if (tok !== "id") throw new Error(`found '${lit}', expected: identifier`);
    const keyErrors = qualifiedNameErrors(lit);
    if (keyErrors.length) throw new Error(`key: Invalid value: "${lit}": ${keyErrors.join("; ")}`);
    const key = lit;
    const after = peek().tok;
    if (after === "eos" || after === ",") return { key, operator: operator ?? "exists", values: [] };
    if (operator === "!") throw new Error(`found '${peek().lit}', expected: ',' or 'end of string'`);
    const op = next();
    let values: string[];
    switch (op.tok) {
      case "=":
      case "==":
      case "!=": {
        const v = peek();
        if (v.tok === "eos" || v.tok === ",") values = [""];
        else if (v.tok === "id") values = [next().lit];
        else throw new Error(`found '${v.lit}', expected: identifier`);
        operator = op.tok;
        break;
      }
      case "in":
      case "notin": {
        const open = next();
        if (open.tok !== "(") throw new Error(`found '${open.lit}', expected: '('`);
        values = [];
        for (;;) {
          const t = next();
          if (t.tok === "id") {
            values.push(t.lit);
            const t2 = peek();
            if (t2.tok === ",") {
              next();
              continue;
            }
            if (t2.tok === ")") {
              next();
              break;
            }
            throw new Error(`found '${t2.lit}', expected: ',' or ')'`);
          }
          if (t.tok === ")" && values.length === 0) break;
          throw new Error(`found '${t.lit}', expected: ',', ')' or identifier`);
        }
        if (values.length === 0) throw new Error(`values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty`);
        operator = op.tok;
        break;
      }
      default:
        throw new Error(`found '${op.lit}', expected: '=', '!=', '==', 'in', notin'`);
    }
    for (const value of values) {
      const errs = labelValueErrors(value);
      if (errs.length) throw new Error(`values[0][${key}]: Invalid value: "${value}": ${errs.join("; ")}`);
    }
    return { key, operator: operator!, values };
  };

  for (;;) {
    const { tok, lit } = peek();
    if (tok === "eos") return requirements;
    if (tok !== "id" && tok !== "!") throw new Error(`found '${lit}', expected: !, identifier, or 'end of string'`);
    let req: LabelRequirement;
    try {
      req = parseRequirement();
    } catch (err) {
      throw new Error(`unable to parse requirement: ${(err as Error).message}`);
    }
    requirements.push(req);
    const t = next();
    if (t.tok === "eos") return requirements;
    if (t.tok !== ",") throw new Error(`found '${t.lit}', expected: ',' or 'end of string'`);
    const t2 = peek();
    if (t2.tok !== "id" && t2.tok !== "!") throw new Error(`found '${t2.lit}', expected: identifier after ','`);
  }
}

/** A metav1.LabelSelector as found in deployment.spec.selector. */
export interface LabelSelectorSpec {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** metav1.LabelSelectorAsSelector: `{matchLabels:{app:"web"}}` → a selector printing as `app=web`.
 *  A null selector matches nothing, an empty one everything, as in Go. */
export function selectorFromSpec(spec: LabelSelectorSpec | null | undefined): LabelSelector {
  if (!spec) return { requirements: [], empty: false, matches: () => false };
  const reqs: LabelRequirement[] = [];
  for (const [key, value] of Object.entries(spec.matchLabels ?? {})) reqs.push({ key, operator: "=", values: [value] });
  for (const expr of spec.matchExpressions ?? []) {
    const op = expr.operator;
    if (op === "In") reqs.push({ key: expr.key, operator: "in", values: [...(expr.values ?? [])].sort() });
    else if (op === "NotIn") reqs.push({ key: expr.key, operator: "notin", values: [...(expr.values ?? [])].sort() });
    else if (op === "Exists") reqs.push({ key: expr.key, operator: "exists", values: [] });
    else if (op === "DoesNotExist") reqs.push({ key: expr.key, operator: "!", values: [] });
  }
  reqs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return makeLabelSelector(reqs);
}

/** The string form of a selector, as in Scale.status.selector and `kubectl describe`: `app=web,tier in (a,b)`. */
export function selectorToString(selector: LabelSelector): string {
  return selector.requirements
    .map((r) => {
      switch (r.operator) {
        case "exists":
          return r.key;
        case "!":
          return `!${r.key}`;
        case "in":
        case "notin":
          return `${r.key} ${r.operator} (${r.values.join(",")})`;
        default:
          return `${r.key}${r.operator}${r.values[0]}`;
      }
    })
    .join(",");
}

// ---------------------------------------------------------------------------------------------------------------
// Field selectors

type FieldGetter = (obj: KObject) => string;

const str = (v: unknown): string => (v === undefined || v === null ? "" : String(v));

const COMMON_FIELDS: Record<string, FieldGetter> = {
  "metadata.name": (o) => str(o.metadata.name),
  "metadata.namespace": (o) => str(o.metadata.namespace),
};

// The per-resource field label sets of kube-apiserver (each registry's GetAttrs / field label conversion funcs).
const FIELDS: Record<string, Record<string, FieldGetter>> = {
  pods: {
    "spec.nodeName": (o) => str(o.spec?.nodeName),
    "spec.restartPolicy": (o) => str(o.spec?.restartPolicy),
    "spec.schedulerName": (o) => str(o.spec?.schedulerName),
    "spec.serviceAccountName": (o) => str(o.spec?.serviceAccountName),
    "spec.hostNetwork": (o) => String(o.spec?.hostNetwork === true),
    "status.phase": (o) => str(o.status?.phase),
    "status.podIP": (o) => str(o.status?.podIP),
    "status.nominatedNodeName": (o) => str(o.status?.nominatedNodeName),
  },
  events: {
    "involvedObject.kind": (o) => str(o.involvedObject?.kind),
    "involvedObject.namespace": (o) => str(o.involvedObject?.namespace),
    "involvedObject.name": (o) => str(o.involvedObject?.name),
    "involvedObject.uid": (o) => str(o.involvedObject?.uid),
    "involvedObject.apiVersion": (o) => str(o.involvedObject?.apiVersion),
    "involvedObject.resourceVersion": (o) => str(o.involvedObject?.resourceVersion),
    "involvedObject.fieldPath": (o) => str(o.involvedObject?.fieldPath),
    reason: (o) => str(o.reason),
    reportingComponent: (o) => str(o.reportingComponent),
    source: (o) => str(o.source?.component),
    type: (o) => str(o.type),
  },
  nodes: { "spec.unschedulable": (o) => String(o.spec?.unschedulable === true) },
  namespaces: { "status.phase": (o) => str(o.status?.phase) },
  secrets: { type: (o) => str(o.type) },
  replicasets: { "status.replicas": (o) => str(o.status?.replicas ?? 0) },
  persistentvolumeclaims: {},
  services: {},
};

interface FieldRequirement {
  field: string;
  op: "=" | "!=";
  value: string;
  get: FieldGetter;
}

/** Parses `metadata.name=web,status.phase!=Running` for `resource`. Throws StatusError 400 for a bad term or a
 *  field the resource does not support (`field label not supported: spec.foo`). */
export function parseFieldSelector(resource: string, input: string | undefined): FieldSelector {
  if (!input || !input.trim()) return { empty: true, matches: () => true };
  const reqs: FieldRequirement[] = [];
  for (const term of splitTerms(input)) {
    const m = /^(.*?)(!=|==|=)(.*)$/.exec(term);
    if (!m || !m[1]) throw badRequest(`invalid selector: '${input}'; can't understand '${term}'`);
    const field = m[1].trim();
    const get = COMMON_FIELDS[field] ?? FIELDS[resource]?.[field];
    if (!get) throw badRequest(`field label not supported: ${field}`);
    reqs.push({ field, op: m[2] === "!=" ? "!=" : "=", value: unescape(m[3].trim()), get });
  }
  const byName = reqs.find((r) => r.field === "metadata.name" && r.op === "=");
  const byNamespace = reqs.find((r) => r.field === "metadata.namespace" && r.op === "=");
  const pinned: Record<string, string> = {};
  for (const r of reqs) if (r.op === "=") pinned[r.field] = r.value;
  return {
    empty: reqs.length === 0,
    pinned,
    ...(byName ? { name: byName.value } : {}),
    ...(byNamespace ? { namespace: byNamespace.value } : {}),
    matches(obj) {
      for (const r of reqs) if ((r.get(obj) === r.value) !== (r.op === "=")) return false;
      return true;
    },
  };
}

/** Splits on commas not escaped with a backslash (fields.ParseSelector's escaping rules). */
function splitTerms(input: string): string[] {
  const terms: string[] = [];
  let current = "";
  for (let i = 0; i < input.length; i++) {
    const ch = input[i];
    if (ch === "\\" && i + 1 < input.length) {
      current += ch + input[++i];
    } else if (ch === ",") {
      terms.push(current);
      current = "";
    } else current += ch;
  }
  terms.push(current);
  return terms.filter((t) => t.length > 0);
}

function unescape(value: string): string {
  return value.replace(/\\(.)/g, "$1");
}
