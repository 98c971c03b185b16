// REST for every stored resource and its subresources: list/get/watch/create/update/patch/delete/deletecollection,
// status, scale, pods/log, pods/eviction, pods/binding, nodes/proxy and namespaces/finalize. Every write goes
// through the ClusterApi, so admission and validation apply exactly as they do to controllers.
import type { IncomingMessage, ServerResponse } from "node:http";
import { toScale } from "../core/api";
import { parseFieldSelector, parseLabelSelector } from "../core/selectors";
import {
  StatusError,
  type DeleteOptions,
  type KObject,
  type KubeletHub,
  type LogOptions,
  type PatchType,
  type ResourceInfo,
  type ServedClusterApi,
  type UserInfo,
  type WriteOptions,
} from "../core/types";
import { accessReview } from "./access-review";
import type { Authorize } from "./authenticate";
import { groupVersionOf } from "./discovery";
import { parseBody, readBody, readBodyObject, sendJson, sendText } from "./http-response";
import { isTrue, type RequestInfo } from "./request-info";
import { checkStrictFields } from "./strict-fields";
import { toTable, type IncludeObject } from "./tables/table-printer-for";
import { serveWatch } from "./watch-stream";

export interface ResourceHandlerDeps {
  api: ServedClusterApi;
  hub: KubeletHub;
  resources: ResourceInfo[];
  authorize: Authorize;
  /** Ends every open stream (watches, log follows); drop-watches and shutdown use it. */
  openStreams: Set<() => void>;
}

export interface ResourceRequest {
  req: IncomingMessage;
  res: ServerResponse;
  info: RequestInfo;
  query: URLSearchParams;
  user: UserInfo;
}

const TABLE_CONTENT_TYPE = "application/json;as=Table;v=v1;g=meta.k8s.io";

const PATCH_TYPES: Record<string, PatchType> = {
  "application/json-patch+json": "json",
  "application/merge-patch+json": "merge",
  "application/strategic-merge-patch+json": "strategic",
  "application/apply-patch+yaml": "apply",
};

export function patchTypeOf(contentType: string | undefined): PatchType {
  const mediaType = (contentType ?? "").split(";")[0].trim().toLowerCase();
  const type = PATCH_TYPES[mediaType];
  if (!type) {
    throw new StatusError(415, "UnsupportedMediaType", `the body of the request was in an unknown format - accepted media types include: ${Object.keys(PATCH_TYPES).join(", ")}`);
  }
  return type;
}

const notFound = () => new StatusError(404, "NotFound", "the server could not find the requested resource");
const methodNotAllowed = () => new StatusError(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");

function wantsTable(req: IncomingMessage): boolean {
  return /as=Table/.test(req.headers.accept ?? "");
}

function includeObjectOf(query: URLSearchParams): IncludeObject {
  const v = query.get("includeObject");
  return v === "None" || v === "Object" ? v : "Metadata";
}

function intParam(query: URLSearchParams, name: string): number | undefined {
  const v = query.get(name);
  if (v === null || v === "") return undefined;
  const n = Number(v);
  if (!Number.isInteger(n)) throw new StatusError(400, "BadRequest", `invalid value for ${name}: ${JSON.stringify(v)}`);
  return n;
}

function writeOptions(query: URLSearchParams, user: UserInfo): WriteOptions {
  return { user, ...(query.getAll("dryRun").includes("All") ? { dryRun: true } : {}), ...(query.get("fieldManager") ? { fieldManager: query.get("fieldManager")! } : {}) };
}

export async function handleResourceRequest(deps: ResourceHandlerDeps, request: ResourceRequest): Promise<void> {
  let r = request;
  const resourceInfo = deps.resources.find((x) => x.group === r.info.apiGroup && x.version === r.info.apiVersion && x.resource === r.info.resource);
  if (!resourceInfo) throw notFound();
  // /api/v1/namespaces/{name} carries the namespace attribute (RBAC sees it) but names a cluster-scoped object.
  if (!resourceInfo.namespaced && r.info.resource === "namespaces") r = { ...r, info: { ...r.info, namespace: undefined } };
  const { info } = r;
  if (resourceInfo.namespaced !== Boolean(info.namespace) && !(resourceInfo.namespaced && !info.name && (info.verb === "list" || info.verb === "watch"))) {
    throw notFound();
  }
  if (info.apiGroup === "authorization.k8s.io" && info.resource?.endsWith("accessreviews")) return handleAccessReview(deps, r, resourceInfo);
  if (info.subresource) return handleSubresource(deps, r, resourceInfo);
  if (!resourceInfo.verbs.includes(info.verb)) throw methodNotAllowed();
  switch (info.verb) {
    case "list":
      return handleList(deps, r, resourceInfo);
    case "watch":
      return handleWatch(deps, r, resourceInfo);
    case "get":
      return handleGet(deps, r, resourceInfo);
    case "create":
      return handleCreate(deps, r, resourceInfo);
    case "update":
      return handleUpdate(deps, r, resourceInfo);
    case "patch":
      return handlePatch(deps, r, resourceInfo);
    case "delete":
      return handleDelete(deps, r, resourceInfo);
    case "deletecollection":
      return handleDeleteCollection(deps, r, resourceInfo);
    default:
      throw methodNotAllowed();
  }
}

function handleList({ api }: ResourceHandlerDeps, { req, res, info, query }: ResourceRequest, ri: ResourceInfo): void {
  const page = api.listPage(ri.resource, {
    namespace: info.namespace,
    labelSelector: query.get("labelSelector") ?? undefined,
    fieldSelector: query.get("fieldSelector") ?? undefined,
    limit: intParam(query, "limit"),
    continue: query.get("continue") ?? undefined,
  });
  if (wantsTable(req)) {
    sendJson(
      res,
      200,
      toTable(ri.kind, page.items, { nowMs: api.clock.now(), includeObject: includeObjectOf(query), resourceVersion: page.resourceVersion, continue: page.continue, remainingItemCount: page.remainingItemCount }),
      TABLE_CONTENT_TYPE,
    );
    return;
  }
  const metadata: Record<string, unknown> = { resourceVersion: page.resourceVersion };
  if (page.continue) metadata.continue = page.continue;
  if (page.remainingItemCount !== undefined) metadata.remainingItemCount = page.remainingItemCount;
  sendJson(res, 200, { kind: `${ri.kind}List`, apiVersion: groupVersionOf(ri), metadata, items: page.items });
}

function handleWatch({ api, openStreams }: ResourceHandlerDeps, { req, res, info, query }: ResourceRequest, ri: ResourceInfo): void {
  let fieldSelector = query.get("fieldSelector") ?? "";
  if (info.name) fieldSelector = fieldSelector ? `${fieldSelector},metadata.name=${info.name}` : `metadata.name=${info.name}`;
  const labelSelector = query.get("labelSelector") ?? undefined;
  // Selector errors are answered as 400 before the stream starts, as the real server does.
  parseLabelSelector(labelSelector);
  parseFieldSelector(ri.resource, fieldSelector || undefined);
  const table = wantsTable(req);
  const includeObject = includeObjectOf(query);
  // A watch without a resourceVersion (or "0") starts with the current state as ADDED events, unless the
  // client opts out with sendInitialEvents=false.
  const rv = query.get("resourceVersion") ?? "";
  const sendInitialEventsParam = query.get("sendInitialEvents");
  const sendInitialEvents = sendInitialEventsParam !== null ? isTrue(sendInitialEventsParam) : rv === "" || rv === "0";
  const end = serveWatch(
    api,
    res,
    {
      resource: ri.resource,
      watch: {
        namespace: info.namespace,
        labelSelector,
        fieldSelector: fieldSelector || undefined,
        resourceVersion: query.get("resourceVersion") ?? undefined,
        allowWatchBookmarks: isTrue(query.get("allowWatchBookmarks")),
        sendInitialEvents,
      },
      timeoutSeconds: intParam(query, "timeoutSeconds"),
      ...(table ? { transform: (obj: KObject) => toTable(ri.kind, [obj], { nowMs: api.clock.now(), includeObject, resourceVersion: obj.metadata?.resourceVersion }) } : {}),
    },
    () => openStreams.delete(end),
  );
  if (!res.writableEnded) openStreams.add(end);
}

function handleGet({ api }: ResourceHandlerDeps, { req, res, info, query }: ResourceRequest, ri: ResourceInfo): void {
  const obj = api.getOrThrow(ri.resource, info.namespace, info.name!);
  if (wantsTable(req)) {
    sendJson(res, 200, toTable(ri.kind, [obj], { nowMs: api.clock.now(), includeObject: includeObjectOf(query), resourceVersion: obj.metadata.resourceVersion }), TABLE_CONTENT_TYPE);
    return;
  }
  sendJson(res, 200, obj);
}

async function readObject(req: IncomingMessage, ri: ResourceInfo): Promise<KObject> {
  const body = await readBodyObject(req);
  if (!body || typeof body !== "object" || Array.isArray(body)) {
    throw new StatusError(400, "BadRequest", `the object provided is unrecognized (must be of type ${ri.kind})`);
  }
  body.apiVersion ??= groupVersionOf(ri);
  body.kind ??= ri.kind;
  body.metadata ??= {};
  return body as KObject;
}

function checkNamespace(obj: KObject, info: RequestInfo): void {
  if (!info.namespace) return;
  if (obj.metadata.namespace && obj.metadata.namespace !== info.namespace) {
    throw new StatusError(400, "BadRequest", "the namespace of the provided object does not match the namespace sent on the request");
  }
  obj.metadata.namespace = info.namespace;
}

async function handleCreate({ api }: ResourceHandlerDeps, { req, res, info, query, user }: ResourceRequest, ri: ResourceInfo): Promise<void> {
  if (info.name) throw methodNotAllowed();
  const obj = await readObject(req, ri);
  checkNamespace(obj, info);
  if (query.get("fieldValidation") === "Strict") checkStrictFields(obj, ri.version);
  sendJson(res, 201, api.create(ri.resource, obj, writeOptions(query, user)));
}

async function handleUpdate({ api }: ResourceHandlerDeps, { req, res, info, query, user }: ResourceRequest, ri: ResourceInfo): Promise<void> {
  const obj = await readObject(req, ri);
  checkNamespace(obj, info);
  if (obj.metadata.name && obj.metadata.name !== info.name) {
    throw new StatusError(400, "BadRequest", `the name of the object (${obj.metadata.name}) does not match the name on the URL (${info.name})`);
  }
  obj.metadata.name = info.name;
  if (query.get("fieldValidation") === "Strict") checkStrictFields(obj, ri.version);
  sendJson(res, 200, api.update(ri.resource, obj, writeOptions(query, user)));
}

async function readPatch(req: IncomingMessage): Promise<{ type: PatchType; patch: unknown }> {
  const type = patchTypeOf(req.headers["content-type"]);
  const patch = parseBody(await readBody(req), type === "apply");
  if (patch === undefined) throw new StatusError(400, "BadRequest", "the body of the request was empty");
  return { type, patch };
}

async function handlePatch({ api }: ResourceHandlerDeps, { req, res, info, query, user }: ResourceRequest, ri: ResourceInfo): Promise<void> {
  const { type, patch } = await readPatch(req);
  sendJson(res, 200, api.patch(ri.resource, info.namespace, info.name!, type, patch, writeOptions(query, user)));
}

async function deleteOptionsOf(req: IncomingMessage, query: URLSearchParams, user: UserInfo): Promise<DeleteOptions & WriteOptions> {
  const body = (await readBodyObject(req)) ?? {};
  const opts: DeleteOptions & WriteOptions = { user };
  const grace = intParam(query, "gracePeriodSeconds") ?? body.gracePeriodSeconds;
  if (grace !== undefined && grace !== null) opts.gracePeriodSeconds = Number(grace);
  const propagation = query.get("propagationPolicy") ?? body.propagationPolicy;
  if (propagation) {
    if (!["Background", "Foreground", "Orphan"].includes(propagation)) {
      throw new StatusError(422, "Invalid", `DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "${propagation}": supported values: "Foreground", "Background", "Orphan", "nil"`);
    }
    opts.propagationPolicy = propagation;
  } else if (query.get("orphanDependents") === "true" || body.orphanDependents === true) {
    opts.propagationPolicy = "Orphan";
  }
  if (body.preconditions) opts.preconditions = body.preconditions;
  if (query.getAll("dryRun").includes("All") || (Array.isArray(body.dryRun) && body.dryRun.includes("All"))) opts.dryRun = true;
  return opts;
}

function deletedStatus(ri: ResourceInfo, before: KObject): KObject {
  return {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Success",
    details: { name: before.metadata.name, group: ri.group, kind: ri.resource, uid: before.metadata.uid },
  } as KObject;
}

async function handleDelete({ api }: ResourceHandlerDeps, { req, res, info, query, user }: ResourceRequest, ri: ResourceInfo): Promise<void> {
  const opts = await deleteOptionsOf(req, query, user);
  const before = api.getOrThrow(ri.resource, info.namespace, info.name!);
  const after = api.delete(ri.resource, info.namespace, info.name!, opts);
  // Objects that linger (graceful deletion, finalizers) are returned; ones that are gone get a Success Status.
  if (after) sendJson(res, 200, after);
  else sendJson(res, 200, deletedStatus(ri, before));
}

async function handleDeleteCollection({ api }: ResourceHandlerDeps, { req, res, info, query, user }: ResourceRequest, ri: ResourceInfo): Promise<void> {
  const opts = await deleteOptionsOf(req, query, user);
  const items = api.list(ri.resource, {
    namespace: info.namespace,
    labelSelector: query.get("labelSelector") ?? undefined,
    fieldSelector: query.get("fieldSelector") ?? undefined,
  });
  const deleted: KObject[] = [];
  for (const item of items) {
    const after = api.delete(ri.resource, item.metadata.namespace, item.metadata.name!, opts);
    deleted.push(after ?? item);
  }
  sendJson(res, 200, { kind: `${ri.kind}List`, apiVersion: groupVersionOf(ri), metadata: { resourceVersion: api.currentResourceVersion() }, items: deleted });
}

// ---------------------------------------------------------------------------------------------------------------
// Subresources

async function handleSubresource(deps: ResourceHandlerDeps, r: ResourceRequest, ri: ResourceInfo): Promise<void> {
  const { api, hub, openStreams } = deps;
  const { req, res, info, query, user } = r;
  const sub = info.subresource!;
  if (ri.resource === "pods" && (sub === "exec" || sub === "attach" || sub === "portforward")) {
    // These need SPDY/WebSocket streams into a container, and simulated containers have no processes.
    throw new StatusError(400, "BadRequest", `${sub} is not supported by the simulated cluster: its containers run no processes`);
  }
  if (!info.name || !(ri.subresources ?? []).includes(sub)) throw notFound();
  const name = info.name;
  const ns = info.namespace;

  if (sub === "status") {
    if (info.verb === "get") return sendJson(res, 200, api.getOrThrow(ri.resource, ns, name));
    if (info.verb === "update") {
      const obj = await readObject(req, ri);
      checkNamespace(obj, info);
      obj.metadata.name = name;
      return sendJson(res, 200, api.update(ri.resource, obj, { ...writeOptions(query, user), subresource: "status" }));
    }
    if (info.verb === "patch") {
      const { type, patch } = await readPatch(req);
      return sendJson(res, 200, api.patch(ri.resource, ns, name, type, patch, { ...writeOptions(query, user), subresource: "status" }));
    }
    throw methodNotAllowed();
  }

  if (sub === "scale") {
    if (info.verb === "get") return sendJson(res, 200, toScale(api.getOrThrow(ri.resource, ns, name)));
    if (info.verb === "update") {
      const scale = (await readBodyObject(req)) ?? {};
      scale.metadata = { ...(scale.metadata ?? {}), name, ...(ns ? { namespace: ns } : {}) };
      return sendJson(res, 200, api.update(ri.resource, scale, { ...writeOptions(query, user), subresource: "scale" }));
    }
    if (info.verb === "patch") {
      // The patch applies to the Scale representation; the API layer carries spec.replicas back to the parent.
      const { type, patch } = await readPatch(req);
      return sendJson(res, 200, api.patch(ri.resource, ns, name, type, patch, { ...writeOptions(query, user), subresource: "scale" }));
    }
    throw methodNotAllowed();
  }

  if (sub === "log") {
    if (info.verb !== "get") throw methodNotAllowed();
    api.getOrThrow("pods", ns, name);
    const follow = isTrue(query.get("follow"));
    const opts: LogOptions = {
      ...(query.get("container") ? { container: query.get("container")! } : {}),
      follow,
      tailLines: intParam(query, "tailLines"),
      sinceSeconds: intParam(query, "sinceSeconds"),
      ...(query.get("sinceTime") ? { sinceTime: query.get("sinceTime")! } : {}),
      timestamps: isTrue(query.get("timestamps")),
      previous: isTrue(query.get("previous")),
      limitBytes: intParam(query, "limitBytes"),
    };
    const logs = hub.logs(ns!, name, opts);
    if (!follow || !logs.follow) return sendText(res, 200, logs.lines.map((l) => `${l}\n`).join(""));
    res.writeHead(200, { "Content-Type": "text/plain", "Cache-Control": "no-cache, private", "Transfer-Encoding": "chunked" });
    res.flushHeaders();
    for (const line of logs.lines) res.write(`${line}\n`);
    let ended = false;
    let unsubscribe: () => void = () => {};
    const end = () => {
      if (ended) return;
      ended = true;
      unsubscribe();
      openStreams.delete(end);
      if (!res.writableEnded) res.end();
    };
    unsubscribe = logs.follow((line) => {
      if (!ended) res.write(`${line}\n`);
    }, end);
    res.on("close", end);
    if (!ended) openStreams.add(end);
    return;
  }

  if (sub === "eviction") {
    if (info.verb !== "create") throw methodNotAllowed();
    const eviction = (await readBodyObject(req)) ?? {};
    eviction.apiVersion ??= "policy/v1";
    eviction.kind ??= "Eviction";
    eviction.metadata = { ...(eviction.metadata ?? {}), name, namespace: ns };
    api.getOrThrow("pods", ns, name);
    return sendJson(res, 201, api.create("pods", eviction, { ...writeOptions(query, user), subresource: "eviction" }));
  }

  if (sub === "binding") {
    if (info.verb !== "create") throw methodNotAllowed();
    const binding = (await readBodyObject(req)) ?? {};
    binding.apiVersion ??= "v1";
    binding.kind ??= "Binding";
    binding.metadata = { ...(binding.metadata ?? {}), name, namespace: ns };
    api.create("pods", binding, { ...writeOptions(query, user), subresource: "binding" });
    return sendJson(res, 201, { kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", code: 201 });
  }

  if (sub === "proxy" && ri.resource === "nodes") {
    api.getOrThrow("nodes", undefined, name);
    if (info.verb !== "get") throw methodNotAllowed();
    const path = info.rest.join("/");
    const promContentType = "text/plain; version=0.0.4; charset=utf-8";
    if (path === "metrics/cadvisor") return sendText(res, 200, await hub.cadvisor(name), promContentType);
    if (path === "metrics/resource") return sendText(res, 200, await hub.resourceMetrics(name), promContentType);
    if (path === "healthz") return sendText(res, 200, "ok");
    throw new StatusError(404, "NotFound", `the server could not find the requested resource ( nodes ${name}:${path})`);
  }

  if (sub === "finalize" && ri.resource === "namespaces") {
    if (info.verb !== "update") throw methodNotAllowed();
    const obj = await readObject(req, ri);
    obj.metadata.name = name;
    // The API layer takes only spec.finalizers from a /finalize write.
    return sendJson(res, 200, api.update("namespaces", obj, { ...writeOptions(query, user), subresource: "finalize" as WriteOptions["subresource"] }));
  }

  throw notFound();
}

async function handleAccessReview(deps: ResourceHandlerDeps, { req, res, info, user }: ResourceRequest, ri: ResourceInfo): Promise<void> {
  if (info.verb !== "create" || info.name) throw methodNotAllowed();
  const body = (await readBodyObject(req)) ?? {};
  const kind = ri.kind as "SelfSubjectAccessReview" | "SubjectAccessReview" | "LocalSubjectAccessReview";
  sendJson(res, 201, accessReview(kind, body, user, deps.authorize, info.namespace));
}
